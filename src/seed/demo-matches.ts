/**
 * The matching side of the demo program (R20-R22, R7 amended), planned in
 * memory from the simulated activities with a random stream of its own, so
 * that the rest of the demo data stays as it was:
 *
 * - every beneficiary with activities asked for support at a named worksite
 *   (its workers, the hazards its activities addressed, its needs in words),
 *   and each (agreement, beneficiary) pair with activities has an ACCEPTED
 *   match, proposed after the agreement's activation and accepted by both
 *   sides on or before the day its first activity started (so R7 holds);
 *   KOSME assessed most of those worksites at the start (BASELINE) and many
 *   again after the improvements (FOLLOW_UP), most of them improved. These
 *   rows go in with the activities, in SQL (insertDemoMatches);
 * - the assessments of the agreements with a WORKSITES_IMPROVED target, and
 *   the autumn's new requests with their proposals, answers, declines,
 *   cancellations and withdrawals, are played through the services on the
 *   program's calendar (playDemoMatching, demo-matching-play.ts), so that the
 *   audit log tells that story. Their proposals follow the request's match
 *   suggestions (R20) as they stand when each is made.
 */
import { Day, day, isoDate, kstTimestamp, MS_PER_DAY, Random } from './demo-random';

/** Runs one SQL statement in the seeding transaction (demo-data.ts's SeedQuery). */
type SeedQuery = (sql: string, params?: unknown[]) => Promise<any[]>;

export type Sector = 'MANUFACTURING' | 'CONSTRUCTION' | 'TRANSPORT' | 'WASTE';

/** What the plan reads of the demo's beneficiaries, agreements and stored activities (demo-data.ts's seeds). */
export interface MatchingBeneficiary {
  id: string;
  brn: string;
  size: string;
  region: string;
  employeeCount: number;
  createdAt: string;
  sector: Sector;
}

export interface MatchingAgreement {
  id: string;
  number: string;
  supplier: { id: string; brn: string };
  technology: { template: { short: string } };
  activatedDay: Day | null;
  activatedAt: string | null;
}

export interface MatchingActivity {
  agreement: MatchingAgreement;
  beneficiary: MatchingBeneficiary;
  hazards: readonly string[];
  startedOn: Day;
  completedOn: Day;
}

export interface MatchingPlanInput {
  /** The demo's today: nothing is assessed on it or after it. */
  today: Day;
  beneficiaries: readonly MatchingBeneficiary[];
  /** The activities the demo stores (completed by today). */
  activities: readonly MatchingActivity[];
  /** Agreements with a WORKSITES_IMPROVED target over this period: their assessments are played through the services. */
  worksiteTargets: readonly { agreement: MatchingAgreement; periodStart: Day; periodEnd: Day }[];
  /** Industrial-complex towns per region, for worksite names. */
  towns: Readonly<Record<string, readonly string[]>>;
}

export type AssessmentPhaseName = 'BASELINE' | 'FOLLOW_UP';

export interface AssessmentSeed {
  phase: AssessmentPhaseName;
  riskLevel: number;
  assessedOn: Day;
  note: string;
  /** The KOSME inspector who assessed the worksite. */
  subject: string;
  /** When it was recorded (the replayed instant, when played through the services). */
  recordedAt: string;
}

export interface WorksiteSeed {
  beneficiary: MatchingBeneficiary;
  worksiteName: string;
  region: string;
  workers: number;
  hazards: string[];
  needs: string;
}

/** A MATCHED request behind activities, inserted in SQL. */
export interface WorksiteRequestSeed extends WorksiteSeed {
  id: string;
  submittedAt: string;
  submittedBy: string;
}

interface AnswerSeed {
  on: Day;
  at: string;
  by: string;
}

/** The ACCEPTED match behind an (agreement, beneficiary) pair's activities. */
export interface ActivityMatchSeed {
  id: string;
  request: WorksiteRequestSeed;
  agreement: MatchingAgreement;
  proposedAt: string;
  supplierAnswer: AnswerSeed;
  beneficiaryAnswer: AnswerSeed;
  acceptedOn: Day;
  /** Recorded in SQL with the match, unless the agreement's assessments are played through the services. */
  assessments: AssessmentSeed[];
  assessedThroughServices: boolean;
}

/** A request of the autumn, played through the services. */
export interface StoryRequest extends WorksiteSeed {
  id: string;
  scenario: StoryScenario;
}

/** A match proposed in the played story; the agreement is the best suggestion when it is proposed. */
export interface StoryMatch {
  id: string;
  request: StoryRequest;
  agreementId: string;
  supplier: { id: string; brn: string } | null;
}

export type StoryStep =
  | { kind: 'submit'; at: string; request: StoryRequest; bySelf: boolean }
  | { kind: 'propose'; at: string; request: StoryRequest; match: StoryMatch }
  | { kind: 'answer'; at: string; match: StoryMatch; side: 'SUPPLIER' | 'BENEFICIARY'; accept: boolean; reason: string | null; answeredOn: Day; byOfficer: boolean }
  | { kind: 'cancel'; at: string; match: StoryMatch; reason: string }
  | { kind: 'withdraw'; at: string; request: StoryRequest; reason: string }
  | { kind: 'assess'; at: string; match: StoryMatch | ActivityMatchSeed; assessment: AssessmentSeed };

export interface MatchingPlan {
  requests: WorksiteRequestSeed[];
  matches: ActivityMatchSeed[];
  storyRequests: StoryRequest[];
  /** Every played step, in calendar order. */
  story: StoryStep[];
  /** Per WORKSITES_IMPROVED agreement: the planned matches whose follow-up in the period is below the baseline. */
  improvedInPeriod: Map<MatchingAgreement, number>;
}

/** The operator's officer who records requests, proposals and answers; its field inspectors assess. */
export const MATCHING_OFFICER = 'kosme-officer-1';
const INSPECTORS = ['kosme-inspector-1', 'kosme-inspector-2'] as const;
/** The story's last day: the demo calendar's fixed events end on 2026-11-09 (demo-data.ts, MIN_TODAY). */
const STORY_LAST_DAY = day('2026-11-09');

export const supplierSubject = (brn: string) => `supplier:${brn}`;
export const beneficiarySubject = (brn: string) => `beneficiary:${brn}`;

// ---------------------------------------------------------------- words

const HAZARD_ORDER = ['FALL', 'CAUGHT_IN_MACHINERY', 'STRUCK_BY', 'CONFINED_SPACE', 'FIRE_EXPLOSION', 'ELECTRICAL', 'HEAT_STRESS', 'VEHICLE'];

const WORKSITE_NAMES: Record<Sector, readonly ((town: string, n: number) => string)[]> = {
  MANUFACTURING: [
    (town) => `${town} plant`,
    (town, n) => `${town} plant ${n}`,
    (town) => `${town} factory`,
    (town) => `${town} press shop`,
    (town) => `${town} assembly shop`,
  ],
  CONSTRUCTION: [
    (town, n) => `${town} apartment complex site, block ${n}`,
    (town) => `${town} logistics-centre construction site`,
    (town) => `${town} factory extension site`,
    (town) => `${town} bridge repair site`,
    (town) => `${town} school renovation site`,
  ],
  TRANSPORT: [
    (town) => `${town} logistics centre`,
    (town) => `${town} freight terminal`,
    (town) => `${town} distribution centre`,
    (town) => `${town} truck depot`,
  ],
  WASTE: [
    (town) => `${town} recycling centre`,
    (town) => `${town} sorting plant`,
    (town) => `${town} waste transfer station`,
    (town) => `${town} scrap yard`,
  ],
};

/** What a worksite reports about a hazard, by sector (the hazard's general phrase otherwise). */
const HAZARD_NEEDS: Record<string, Partial<Record<Sector, string>> & { any: string }> = {
  FALL: {
    any: 'maintenance staff work at height without anchor points',
    MANUFACTURING: 'maintenance staff walk the sandwich-panel roof and climb the racks with no anchor points',
    CONSTRUCTION: 'scaffolds and slab openings lack guardrails and harnesses are not clipped on',
    TRANSPORT: 'drivers climb onto trailer beds to secure loads',
    WASTE: 'workers climb onto the baler and the sorting platform edge has no rail',
  },
  CAUGHT_IN_MACHINERY: {
    any: 'machines are cleared by hand while running',
    MANUFACTURING: 'the presses and the conveyor run without light curtains or interlocked guards',
    CONSTRUCTION: 'the rebar bender and the mixer have no guards',
    TRANSPORT: 'the sorting conveyor has no pull-cord stop',
    WASTE: 'the shredder and the picking conveyor are cleared by hand while running',
  },
  STRUCK_BY: {
    any: 'forklifts and pedestrians share the same aisles',
    MANUFACTURING: 'forklifts and pedestrians share the aisles and the loading dock',
    CONSTRUCTION: 'excavators and the tower crane swing over walkways',
    TRANSPORT: 'forklifts load trucks in the bays where drivers walk',
    WASTE: 'loaders work the yard among the pickers',
  },
  CONFINED_SPACE: {
    any: 'tanks and pits are entered without gas measurement',
    WASTE: 'the leachate tank and the pits are entered without gas measurement',
    CONSTRUCTION: 'manholes are entered without an oxygen check',
  },
  FIRE_EXPLOSION: {
    any: 'hot work goes on next to combustible stock',
    MANUFACTURING: 'welding and grinding go on next to combustible stock and the dust collector',
    CONSTRUCTION: 'hot work in the basement fit-out has no fire watch',
    TRANSPORT: 'forklift batteries are charged next to the packaging store',
    WASTE: 'lithium batteries in mixed waste started two small fires this year',
  },
  ELECTRICAL: { any: 'the old distribution panels overheat in summer' },
  HEAT_STRESS: {
    any: 'the crew works through heat-wave afternoons',
    MANUFACTURING: 'the casting area passes 33°C in July and August',
    CONSTRUCTION: 'outdoor crews work through heat-wave afternoons',
  },
  VEHICLE: {
    any: 'trucks reverse through areas where people walk',
    TRANSPORT: 'trucks reverse across the yard with no banksman',
    WASTE: 'collection trucks reverse through the tipping hall',
    MANUFACTURING: 'delivery trucks reverse into the yard where workers cross',
  },
};

const NEEDS_CLOSINGS = [
  'We need equipment installed, a risk assessment and training for the crew.',
  'We ask for a site inspection first, then equipment and a short training in Korean and Vietnamese.',
  'The owner asks for a free inspection and equipment that is cheap to keep up.',
  'Required of us under the Serious Accidents Punishment Act: a risk assessment and the controls it calls for.',
];

/** The hazards a new request of each sector typically names. */
const SECTOR_HAZARDS: Record<Sector, readonly string[]> = {
  MANUFACTURING: ['CAUGHT_IN_MACHINERY', 'STRUCK_BY', 'FIRE_EXPLOSION', 'FALL'],
  CONSTRUCTION: ['FALL', 'STRUCK_BY', 'HEAT_STRESS'],
  TRANSPORT: ['VEHICLE', 'STRUCK_BY', 'FALL'],
  WASTE: ['CAUGHT_IN_MACHINERY', 'FIRE_EXPLOSION', 'CONFINED_SPACE', 'VEHICLE'],
};

const HAZARD_FINDINGS: Record<string, string> = {
  FALL: 'edges and roof work without fall protection',
  CAUGHT_IN_MACHINERY: 'unguarded danger zones at running machines',
  STRUCK_BY: 'people and moving loads in the same space',
  CONFINED_SPACE: 'entries without gas measurement',
  FIRE_EXPLOSION: 'ignition sources next to combustibles',
  ELECTRICAL: 'overheating panels',
  HEAT_STRESS: 'no rest schedule in the heat',
  VEHICLE: 'reversing vehicles without a banksman',
};

const NOT_IMPROVED = [
  'bypassed on the night shift',
  'not yet used by the new crew',
  'the new layout brings traffic through the area again',
  'switched off after false alarms',
];

const SUPPLIER_DECLINES = [
  'Our installation crew is booked until January; we cannot start at this worksite in time.',
  'The equipment at this worksite is older than our product supports; a retrofit would not be safe.',
  'The worksite is outside the area our field team can reach for maintenance visits.',
];
const BENEFICIARY_DECLINES = [
  'The owner prefers a supplier that can also train the Vietnamese-speaking crew on site.',
  'The worksite moves to a new building next spring; we will ask again there.',
  'We could not agree on an installation date during the peak season.',
];
const CANCEL_ACCEPTED = 'The worksite closed the line the match was for before anything was installed; the request stays open for its other hazards.';
const CANCEL_PROPOSED = "The supplier's field team for this region has left the company; the next suggested supplier is proposed instead.";
const WITHDRAW_WITH_PROPOSAL = 'The company sold this worksite; the new owner will apply itself.';
const WITHDRAW_PLAIN = "The guardrails were installed with the company's own budget.";

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function sortHazards(hazards: Iterable<string>): string[] {
  return [...new Set(hazards)].sort((a, b) => HAZARD_ORDER.indexOf(a) - HAZARD_ORDER.indexOf(b));
}

/** The worksite's own words: its workers, what goes wrong (the first three hazards), what it asks for. */
function needsText(rng: Random, sector: Sector, workers: number, hazards: readonly string[]): string {
  const phrases = hazards.slice(0, 3).map((h) => HAZARD_NEEDS[h]?.[sector] ?? HAZARD_NEEDS[h]?.any ?? `${h.toLowerCase()} hazards are not controlled`);
  if (hazards.length > 3) phrases.push('and the other hazards listed need checking too');
  const shifts = workers >= 15 && rng.chance(0.4) ? ' on two shifts' : '';
  return `${workers} workers${shifts}. ${capitalise(phrases.join('; '))}. ${rng.pick(NEEDS_CLOSINGS)}`;
}

/** Workers at the worksite: the whole staff of a small firm, one site's share of a larger one. */
function worksiteWorkers(rng: Random, beneficiary: MatchingBeneficiary, secondSite: boolean): number {
  const staff = beneficiary.employeeCount;
  if (secondSite) return Math.max(1, rng.int(Math.min(5, staff), Math.max(Math.min(5, staff), Math.floor(staff / 2))));
  if (beneficiary.size !== 'MEDIUM') return staff;
  return rng.int(30, Math.min(staff, 90));
}

function worksiteName(rng: Random, towns: MatchingPlanInput['towns'], beneficiary: MatchingBeneficiary, used: Set<string>): string {
  for (;;) {
    const name = rng.pick(WORKSITE_NAMES[beneficiary.sector])(rng.pick(towns[beneficiary.region] ?? ['Main']), rng.int(2, 5));
    const key = `${beneficiary.brn}|${name}`;
    if (!used.has(key)) {
      used.add(key);
      return name;
    }
  }
}

// ---------------------------------------------------------------- calendar

const weekday = (value: Day) => new Date(value * MS_PER_DAY).getUTCDay();
/** The day itself, or the Monday after a weekend. */
const workday = (value: Day) => value + (weekday(value) === 6 ? 2 : weekday(value) === 0 ? 1 : 0);
const dayOf = (timestamp: string) => day(timestamp.slice(0, 10));

/** `minutes` after a +09:00 timestamp, as a +09:00 timestamp (the same day for the few hours used here). */
function kstAfter(timestamp: string, minutes: number): string {
  const shifted = new Date(Date.parse(timestamp) + minutes * 60_000 + 9 * 3_600_000);
  return `${shifted.toISOString().slice(0, 19)}+09:00`;
}

/** An office-hours instant on `value`, after `earliest` when that falls on the same day. */
function instantOn(value: Day, rng: Random, earliest: string | null): string {
  if (earliest && dayOf(earliest) === value) return kstAfter(earliest, rng.int(20, 150));
  return kstTimestamp(value, rng);
}

// ---------------------------------------------------------------- assessments

/** A KOSHA frequency × severity pair at the start, and where it stands after the improvements. */
function assessmentPair(rng: Random, improved: boolean): { before: [number, number]; after: [number, number] } {
  const frequency = rng.weighted([[2, 15], [3, 35], [4, 35], [5, 15]] as const);
  const severity = rng.weighted([[3, 30], [4, 45], [5, 25]] as const);
  if (!improved) return { before: [frequency, severity], after: [frequency, severity] };
  const after: [number, number] = [rng.int(1, frequency - 1), rng.chance(0.2) ? severity - 1 : severity];
  return { before: [frequency, severity], after };
}

/** What the inspector found at the start, for the hazards the match is about. */
function baselineNote(worksiteName: string, hazards: readonly string[], [f, s]: [number, number]): string {
  const findings = hazards.slice(0, 2).map((h) => HAZARD_FINDINGS[h] ?? h.toLowerCase());
  return `Baseline at ${worksiteName}: ${findings.join(' and ')}; frequency ${f} × severity ${s}.`;
}

function followUpNote(rng: Random, control: string, improved: boolean, [f, s]: [number, number]): string {
  return improved
    ? `Follow-up: ${control} in use; residual risk frequency ${f} × severity ${s}.`
    : `Follow-up: ${control} installed but ${rng.pick(NOT_IMPROVED)}; risk unchanged at frequency ${f} × severity ${s}.`;
}

/**
 * The match's assessments: a BASELINE between the acceptance and the first
 * activity, and a FOLLOW_UP some days after the activities so far. With a
 * KPI period, the follow-up falls in it when an activity was completed early
 * enough there. Most worksites improve; some do not.
 */
function planAssessments(
  rng: Random,
  match: ActivityMatchSeed,
  pair: readonly MatchingActivity[],
  today: Day,
  period: { periodStart: Day; periodEnd: Day } | null,
): AssessmentSeed[] {
  const firstStart = Math.min(...pair.map((a) => a.startedOn));
  const completions = pair.map((a) => a.completedOn).sort((a, b) => a - b);
  const inspector = rng.pick(INSPECTORS);
  const acceptedAt = [match.supplierAnswer.at, match.beneficiaryAnswer.at].sort()[1];
  const baselineOn = match.acceptedOn + rng.int(0, firstStart - match.acceptedOn);
  const improved = rng.chance(0.86);
  const { before, after } = assessmentPair(rng, improved);
  const baseline: AssessmentSeed = {
    phase: 'BASELINE',
    riskLevel: before[0] * before[1],
    assessedOn: baselineOn,
    note: baselineNote(match.request.worksiteName, sortHazards(pair.flatMap((a) => a.hazards)), before),
    subject: inspector,
    recordedAt: instantOn(baselineOn, rng, acceptedAt),
  };
  let followUpOn: Day | null = null;
  if (period) {
    const early = completions.filter((c) => c >= period.periodStart && c <= period.periodEnd - 5);
    if (early.length > 0 && rng.chance(0.92)) followUpOn = Math.min(period.periodEnd, early[early.length - 1] + rng.int(3, 20));
  }
  if (followUpOn === null) {
    const last = completions[completions.length - 1];
    if (last <= today - 8 && rng.chance(period ? 0.6 : 0.8)) followUpOn = Math.min(today - 1, last + rng.int(5, 30));
  }
  if (followUpOn === null) return [baseline];
  return [
    baseline,
    {
      phase: 'FOLLOW_UP',
      riskLevel: after[0] * after[1],
      assessedOn: followUpOn,
      note: followUpNote(rng, match.agreement.technology.template.short, improved, after),
      subject: inspector,
      recordedAt: kstTimestamp(followUpOn, rng),
    },
  ];
}

// ---------------------------------------------------------------- the plan

function answer(rng: Random, on: Day, earliest: string, by: string): AnswerSeed {
  return { on, at: instantOn(on, rng, earliest), by };
}

/** The requests and ACCEPTED matches behind the activities, with their assessments. */
function planActivityMatches(rng: Random, input: MatchingPlanInput, usedNames: Set<string>) {
  const pairs = new Map<MatchingAgreement, Map<MatchingBeneficiary, MatchingActivity[]>>();
  for (const activity of input.activities) {
    const byBeneficiary = pairs.get(activity.agreement) ?? new Map<MatchingBeneficiary, MatchingActivity[]>();
    byBeneficiary.set(activity.beneficiary, [...(byBeneficiary.get(activity.beneficiary) ?? []), activity]);
    pairs.set(activity.agreement, byBeneficiary);
  }
  const periods = new Map(input.worksiteTargets.map((t) => [t.agreement, t]));

  // The proposal and both answers of each pair, in agreement order: after activation, accepted by the first start.
  type Planned = { agreement: MatchingAgreement; beneficiary: MatchingBeneficiary; activities: MatchingActivity[]; proposedDay: Day; firstStart: Day };
  const planned: Planned[] = [];
  for (const [agreement, byBeneficiary] of pairs) {
    if (agreement.activatedDay === null || agreement.activatedAt === null) throw new Error(`demo matching: ${agreement.number} has activities but was never activated`);
    for (const [beneficiary, activities] of byBeneficiary) {
      const firstStart = Math.min(...activities.map((a) => a.startedOn));
      planned.push({ agreement, beneficiary, activities, firstStart, proposedDay: Math.max(agreement.activatedDay, firstStart - rng.int(4, 12)) });
    }
  }

  // One request per beneficiary, at a worksite of its own, submitted before its first proposal.
  const byBeneficiary = new Map<MatchingBeneficiary, Planned[]>();
  for (const p of planned) byBeneficiary.set(p.beneficiary, [...(byBeneficiary.get(p.beneficiary) ?? []), p]);
  const requests = new Map<MatchingBeneficiary, WorksiteRequestSeed>();
  for (const beneficiary of input.beneficiaries) {
    const own = byBeneficiary.get(beneficiary);
    if (!own) continue;
    const firstProposal = Math.min(...own.map((p) => p.proposedDay));
    const registered = dayOf(beneficiary.createdAt);
    const submittedDay = Math.min(firstProposal - 1, Math.max(registered + 1, firstProposal - rng.int(5, 25)));
    const workers = worksiteWorkers(rng, beneficiary, false);
    const hazards = sortHazards(own.flatMap((p) => p.activities.flatMap((a) => a.hazards)));
    requests.set(beneficiary, {
      id: '',
      ...worksite(rng, input, beneficiary, usedNames, workers, hazards),
      submittedAt: kstTimestamp(submittedDay, rng),
      submittedBy: rng.chance(0.4) ? beneficiarySubject(beneficiary.brn) : MATCHING_OFFICER,
    });
  }

  const matches: ActivityMatchSeed[] = planned.map((p) => {
    const { agreement, beneficiary, firstStart, proposedDay } = p;
    const proposedAt = instantOn(proposedDay, rng, proposedDay === agreement.activatedDay ? agreement.activatedAt : null);
    const room = firstStart - proposedDay;
    const supplierAnswer = answer(rng, proposedDay + rng.int(0, Math.min(3, room)), proposedAt, rng.chance(0.8) ? supplierSubject(agreement.supplier.brn) : MATCHING_OFFICER);
    const beneficiaryAnswer = answer(rng, proposedDay + rng.int(0, Math.min(4, room)), proposedAt, rng.chance(0.4) ? beneficiarySubject(beneficiary.brn) : MATCHING_OFFICER);
    const match: ActivityMatchSeed = {
      id: '',
      request: requests.get(beneficiary)!,
      agreement,
      proposedAt,
      supplierAnswer,
      beneficiaryAnswer,
      acceptedOn: Math.max(supplierAnswer.on, beneficiaryAnswer.on),
      assessments: [],
      assessedThroughServices: periods.has(agreement),
    };
    const period = periods.get(agreement) ?? null;
    // KOSME assesses every worksite of a WORKSITES_IMPROVED agreement, and most of the others.
    if (period || rng.chance(0.75)) match.assessments = planAssessments(rng, match, p.activities, input.today, period);
    return match;
  });

  const improvedInPeriod = new Map<MatchingAgreement, number>();
  for (const { agreement, periodStart, periodEnd } of input.worksiteTargets) {
    const improved = matches.filter((m) => {
      if (m.agreement !== agreement) return false;
      const baseline = m.assessments.find((a) => a.phase === 'BASELINE');
      const followUp = m.assessments.find((a) => a.phase === 'FOLLOW_UP');
      return baseline && followUp && followUp.assessedOn >= periodStart && followUp.assessedOn <= periodEnd && followUp.riskLevel < baseline.riskLevel;
    });
    improvedInPeriod.set(agreement, improved.length);
  }
  return { requests: [...requests.values()], matches, improvedInPeriod };
}

export type StoryScenario =
  | 'open'
  | 'proposed'
  | 'supplierAccepted'
  | 'supplierDeclined'
  | 'beneficiaryDeclinedProposedAgain'
  | 'declinedThenAccepted'
  | 'accepted'
  | 'acceptedThenCancelled'
  | 'proposedThenCancelled'
  | 'withdrawnWithProposal'
  | 'withdrawn';

/** How many requests of the autumn take each path, and the days their submissions fall in. */
const SCENARIOS: readonly (readonly [StoryScenario, number, string, string])[] = [
  ['open', 5, '2026-10-13', '2026-11-06'],
  ['proposed', 3, '2026-10-05', '2026-11-02'],
  ['supplierAccepted', 2, '2026-10-01', '2026-10-28'],
  ['supplierDeclined', 1, '2026-09-07', '2026-10-16'],
  ['beneficiaryDeclinedProposedAgain', 1, '2026-09-14', '2026-10-14'],
  ['declinedThenAccepted', 1, '2026-08-31', '2026-09-25'],
  ['accepted', 3, '2026-08-24', '2026-10-14'],
  ['acceptedThenCancelled', 1, '2026-08-24', '2026-09-18'],
  ['proposedThenCancelled', 1, '2026-09-21', '2026-10-09'],
  ['withdrawnWithProposal', 1, '2026-09-14', '2026-10-16'],
  ['withdrawn', 1, '2026-09-28', '2026-10-23'],
];

/** One request's steps on days relative to its submission (each on a later workday than the one before). */
function scenarioSteps(rng: Random, request: StoryRequest): { offset: number; make: (at: string, on: Day) => StoryStep }[] {
  const steps: { offset: number; make: (at: string, on: Day) => StoryStep }[] = [];
  let offset = 0;
  const next = (min: number, max: number) => (offset += rng.int(min, max));
  const newMatch = (): StoryMatch => ({ id: '', request, agreementId: '', supplier: null });
  const add = (make: (at: string, on: Day) => StoryStep) => steps.push({ offset, make });
  add((at) => ({ kind: 'submit', at, request, bySelf: rng.chance(0.45) }));
  const propose = (match: StoryMatch, min = 2, max = 6) => {
    next(min, max);
    add((at) => ({ kind: 'propose', at, request, match }));
  };
  const answerStep = (match: StoryMatch, side: 'SUPPLIER' | 'BENEFICIARY', accept: boolean, reason: string | null = null) => {
    next(1, 4);
    // A supplier answers for itself; a small worksite often answers KOSME by phone, recorded the next workday.
    const byOfficer = side === 'BENEFICIARY' && rng.chance(0.6);
    const late = byOfficer && rng.chance(0.5);
    add((at, on) => ({ kind: 'answer', at, match, side, accept, reason, byOfficer, answeredOn: late ? on - (weekday(on) === 1 ? 3 : 1) : on }));
  };
  const baseline = (match: StoryMatch) => {
    next(2, 8);
    const [f, s] = assessmentPair(rng, true).before;
    const subject = rng.pick(INSPECTORS);
    add((at, on) => ({
      kind: 'assess',
      at,
      match,
      assessment: { phase: 'BASELINE', riskLevel: f * s, assessedOn: on, note: baselineNote(request.worksiteName, request.hazards, [f, s]), subject, recordedAt: at },
    }));
  };
  /** Proposed, accepted by both sides, and its worksite's baseline assessed. */
  const accepted = (match: StoryMatch) => {
    propose(match);
    answerStep(match, 'SUPPLIER', true);
    answerStep(match, 'BENEFICIARY', true);
    baseline(match);
  };
  const first = newMatch();
  switch (request.scenario) {
    case 'open':
      break;
    case 'proposed':
      propose(first);
      break;
    case 'supplierAccepted':
      propose(first);
      answerStep(first, 'SUPPLIER', true);
      break;
    case 'supplierDeclined':
      propose(first);
      answerStep(first, 'SUPPLIER', false, rng.pick(SUPPLIER_DECLINES));
      break;
    case 'beneficiaryDeclinedProposedAgain': {
      propose(first);
      answerStep(first, 'SUPPLIER', true);
      answerStep(first, 'BENEFICIARY', false, rng.pick(BENEFICIARY_DECLINES));
      propose(newMatch());
      break;
    }
    case 'declinedThenAccepted': {
      propose(first);
      answerStep(first, 'SUPPLIER', false, rng.pick(SUPPLIER_DECLINES));
      const second = newMatch();
      accepted(second);
      break;
    }
    case 'accepted':
      accepted(first);
      break;
    case 'acceptedThenCancelled':
      accepted(first);
      next(7, 15);
      add((at) => ({ kind: 'cancel', at, match: first, reason: CANCEL_ACCEPTED }));
      break;
    case 'proposedThenCancelled':
      propose(first);
      next(1, 3);
      add((at) => ({ kind: 'cancel', at, match: first, reason: CANCEL_PROPOSED }));
      propose(newMatch(), 0, 0);
      break;
    case 'withdrawnWithProposal':
      propose(first);
      next(3, 8);
      add((at) => ({ kind: 'withdraw', at, request, reason: WITHDRAW_WITH_PROPOSAL }));
      break;
    case 'withdrawn':
      next(5, 12);
      add((at) => ({ kind: 'withdraw', at, request, reason: WITHDRAW_PLAIN }));
      break;
  }
  return steps;
}

/** A request's worksite: a name not used yet, its region, workers, hazards and the needs they make. */
function worksite(
  rng: Random,
  input: MatchingPlanInput,
  beneficiary: MatchingBeneficiary,
  usedNames: Set<string>,
  workers: number,
  hazards: string[],
) {
  const name = worksiteName(rng, input.towns, beneficiary, usedNames);
  return { beneficiary, worksiteName: name, region: beneficiary.region, workers, hazards, needs: needsText(rng, beneficiary.sector, workers, hazards) };
}

/**
 * The autumn's requests: the beneficiaries that had none yet, and second
 * worksites of some that had, each taking one of the SCENARIOS' paths.
 */
function planStory(rng: Random, input: MatchingPlanInput, requested: ReadonlySet<MatchingBeneficiary>, usedNames: Set<string>) {
  const scenarios = rng.shuffle(SCENARIOS.flatMap(([scenario, count]) => Array.from({ length: count }, () => scenario)));
  const newcomers = input.beneficiaries.filter((b) => !requested.has(b));
  const others = rng.shuffle(input.beneficiaries.filter((b) => requested.has(b)));
  const who = [...newcomers, ...others].slice(0, scenarios.length);
  const storyRequests: StoryRequest[] = who.map((beneficiary, index) => {
    const secondSite = requested.has(beneficiary);
    const workers = worksiteWorkers(rng, beneficiary, secondSite);
    const typical = SECTOR_HAZARDS[beneficiary.sector];
    const hazards = sortHazards(rng.shuffle(typical).slice(0, rng.int(1, Math.min(3, typical.length))));
    return {
      id: '',
      scenario: scenarios[index],
      ...worksite(rng, input, beneficiary, usedNames, workers, hazards),
    };
  });

  const story: StoryStep[] = [];
  for (const request of storyRequests) {
    const [, , from, to] = SCENARIOS.find(([scenario]) => scenario === request.scenario)!;
    const steps = scenarioSteps(rng, request);
    // Steps fall on workdays in order; the last on or before the story's last day.
    let start = workday(rng.int(day(from), day(to)));
    for (;;) {
      const days: Day[] = [];
      let previous = -Infinity;
      for (const { offset } of steps) {
        let on = workday(start + offset);
        if (on <= previous) on = workday(previous + 1);
        days.push(on);
        previous = on;
      }
      if (days[days.length - 1] <= STORY_LAST_DAY) {
        steps.forEach((step, i) => story.push(step.make(kstTimestamp(days[i], rng), days[i])));
        break;
      }
      start -= 7;
    }
  }
  return { storyRequests, story };
}

export function planDemoMatching(rng: Random, input: MatchingPlanInput): MatchingPlan {
  const usedNames = new Set<string>();
  const { requests, matches, improvedInPeriod } = planActivityMatches(rng, input, usedNames);
  const { storyRequests, story } = planStory(rng, input, new Set(requests.map((r) => r.beneficiary)), usedNames);
  // The WORKSITES_IMPROVED agreements' assessments, played with the autumn's requests.
  for (const match of matches.filter((m) => m.assessedThroughServices)) {
    for (const assessment of match.assessments) story.push({ kind: 'assess', at: assessment.recordedAt, match, assessment });
  }
  story.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  return { requests, matches, storyRequests, story, improvedInPeriod };
}

// ---------------------------------------------------------------- phase 3: the activity-backed matches (SQL)

async function insertValues(query: SeedQuery, table: string, columns: readonly string[], rows: readonly (readonly unknown[])[], returning: string): Promise<any[]> {
  const returned: any[] = [];
  for (let offset = 0; offset < rows.length; offset += 500) {
    const params: unknown[] = [];
    const tuples = rows.slice(offset, offset + 500).map((row) => `(${row.map((value) => (params.push(value), `$${params.length}`)).join(', ')})`);
    returned.push(...(await query(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${tuples.join(', ')} RETURNING ${returning}`, params)));
  }
  return returned;
}

/**
 * The requests and ACCEPTED matches behind the demo's activities, each
 * activity pointed at its match (R7), and the assessments not played
 * through the services. Runs in the seeding transaction after the activities.
 */
export async function insertDemoMatches(
  query: SeedQuery,
  plan: MatchingPlan,
  ids: { programId: string; kosmeId: string },
): Promise<{ supportRequests: number; matches: number; assessments: number }> {
  const requestRows = await insertValues(
    query,
    'support_request',
    ['program_id', 'beneficiary_id', 'worksite_name', 'worksite_region', 'workers_at_worksite', 'hazards', 'needs', 'status', 'submitted_by', 'submitted_at'],
    plan.requests.map((r) => [ids.programId, r.beneficiary.id, r.worksiteName, r.region, r.workers, r.hazards, r.needs, 'MATCHED', r.submittedBy, r.submittedAt]),
    'id, beneficiary_id',
  );
  const requestIds = new Map(requestRows.map((row) => [String(row.beneficiary_id), String(row.id)]));
  for (const request of plan.requests) request.id = requestIds.get(request.beneficiary.id)!;

  const matchRows = await insertValues(
    query,
    'supplier_match',
    ['request_id', 'agreement_id', 'supplier_id', 'beneficiary_id', 'status', 'proposed_by', 'proposed_at',
      'supplier_answer', 'supplier_answered_on', 'supplier_answered_at', 'supplier_answered_by',
      'beneficiary_answer', 'beneficiary_answered_on', 'beneficiary_answered_at', 'beneficiary_answered_by', 'accepted_on'],
    plan.matches.map((m) => [
      m.request.id, m.agreement.id, m.agreement.supplier.id, m.request.beneficiary.id, 'ACCEPTED', MATCHING_OFFICER, m.proposedAt,
      'ACCEPTED', isoDate(m.supplierAnswer.on), m.supplierAnswer.at, m.supplierAnswer.by,
      'ACCEPTED', isoDate(m.beneficiaryAnswer.on), m.beneficiaryAnswer.at, m.beneficiaryAnswer.by, isoDate(m.acceptedOn),
    ]),
    'id, request_id, agreement_id',
  );
  const matchIds = new Map(matchRows.map((row) => [`${row.request_id}|${row.agreement_id}`, String(row.id)]));
  for (const match of plan.matches) match.id = matchIds.get(`${match.request.id}|${match.agreement.id}`)!;
  await query(`
    UPDATE improvement_activity i SET match_id = m.id FROM supplier_match m
     WHERE m.agreement_id = i.agreement_id AND m.beneficiary_id = i.beneficiary_id`);

  const assessments = plan.matches
    .filter((m) => !m.assessedThroughServices)
    .flatMap((m) => m.assessments.map((a) => [m.id, a.phase, a.riskLevel, isoDate(a.assessedOn), ids.kosmeId, a.subject, a.note, a.recordedAt]));
  await insertValues(
    query,
    'worksite_assessment',
    ['match_id', 'phase', 'risk_level', 'assessed_on', 'assessed_by_id', 'assessed_by_subject', 'note', 'recorded_at'],
    assessments,
    'match_id',
  );
  return { supportRequests: requestRows.length, matches: matchRows.length, assessments: assessments.length };
}
