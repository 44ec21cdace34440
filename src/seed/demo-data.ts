/**
 * A deterministic demo program shaped like the real 2026 industrial-safety
 * results-based financing program: a ₩7.0bn budget for about 50 safety-technology
 * suppliers funded by KB on KOSME's recommendation, and a few thousand on-site
 * improvement activities at small worksites.
 *
 * It is loaded in four phases, all planned in memory first:
 *   1. SQL: the agencies, the program, the enterprises and their technologies;
 *   2. the services, on the program's own calendar (demo-call.ts): the call for
 *      suppliers, about 65 applications with two reviews each, the decision
 *      that recommends the 50 selected to KB, and KB's answers;
 *   3. SQL: the agreements KB made from the accepted recommendations, their
 *      targets (the KPIs the suppliers proposed, two with a WORKSITES_IMPROVED
 *      one), activities and base grants, and the beneficiaries' support
 *      requests, the ACCEPTED matches behind the activities and most of their
 *      worksite assessments (demo-matches.ts);
 *   4. the services, on the calendar again (demo-matching-play.ts): the
 *      assessments behind the WORKSITES_IMPROVED targets, and the autumn's
 *      requests with their proposals, answers, declines, cancellations and
 *      withdrawals.
 *
 * Every value comes from seeded PRNGs and from `today`, never from the clock,
 * so two runs produce identical tables (ids included, on an empty database).
 * Evaluations and outcome payments are deliberately absent: they are produced
 * later through the application's own workflow (R9, R10; demo-workflow.ts).
 */
import { createHash } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { Config } from '../config';
import type { ContextDeps } from '../context';
import { brnCheckDigit } from '../modules/enterprises/brn';
import { DEMO_CALL, DemoApplicationPlan, DemoCallPlan, DemoCallSummary, DemoDecision, playDemoCall } from './demo-call';
import { insertDemoMatches, MatchingPlan, planDemoMatching } from './demo-matches';
import { DemoMatchingSummary, playDemoMatching } from './demo-matching-play';
import { Day, day, isoDate, kstTimestamp, MS_PER_DAY, Random, Weighted } from './demo-random';

export type SeedQuery = (sql: string, params?: unknown[]) => Promise<any[]>;

export interface DemoDataOptions {
  /** "Now" for the demo program, YYYY-MM-DD; nothing completes, is verified or paid after it. */
  today?: string;
}

export interface DemoDataSummary extends DemoCallSummary, DemoMatchingSummary {
  agencies: number;
  enterprises: number;
  safetyTechnologies: number;
  recommendations: number;
  fundingAgreements: number;
  performanceTargets: number;
  improvementActivities: number;
  disbursements: number;
  /** Support requests, matches and worksite assessments in all, SQL-loaded and played. */
  supportRequests: number;
  supplierMatches: number;
  worksiteAssessments: number;
  totalBaseAmount: bigint;
  totalOutcomeBudgetCap: bigint;
  /** Σ base_amount + Σ outcome_budget_cap over all agreements: the program budget. */
  programBudget: bigint;
}

const DEFAULT_TODAY = '2026-11-15';
/** The last fixed event of the program calendar below happens on 2026-11-09. */
const MIN_TODAY = '2026-11-10';
const SEED = 20260301;
/** The call's own stream (applicants, submissions, reviews, KB's answers), so that it leaves the rest of the data alone. */
const CALL_SEED = 20260225;
/** The matching side's own stream (requests, matches, assessments, the autumn's story), likewise. */
const MATCH_SEED = 20260402;
const BATCH_SIZE = 500;
const PROGRAM_BUDGET_MILLION_WON = 7_000;
const SUPPLIER_COUNT = 50;
/** Applicants the call does not select: they score below the 50 suppliers (some below the passing score). */
const UNSELECTED_APPLICANT_COUNT = 15;
/** The demo program: its dates cover the call and every agreement term of the calendar below. */
export const DEMO_PROGRAM = {
  code: 'SAFETY-RBF-2026',
  name: 'Industrial safety results-based financing for SMEs 2026',
  startsOn: '2026-01-01',
  endsOn: '2027-12-31',
} as const;
const BENEFICIARY_COUNT = 300;

type Region =
  | 'SEOUL' | 'BUSAN' | 'DAEGU' | 'INCHEON' | 'GWANGJU' | 'DAEJEON' | 'ULSAN' | 'SEJONG' | 'GYEONGGI'
  | 'GANGWON' | 'CHUNGBUK' | 'CHUNGNAM' | 'JEONBUK' | 'JEONNAM' | 'GYEONGBUK' | 'GYEONGNAM' | 'JEJU';
type Hazard =
  | 'FALL' | 'CAUGHT_IN_MACHINERY' | 'STRUCK_BY' | 'CONFINED_SPACE' | 'FIRE_EXPLOSION'
  | 'ELECTRICAL' | 'HEAT_STRESS' | 'VEHICLE';
type TechnologyCategory =
  | 'GAS_DETECTION' | 'AI_VISION' | 'WEARABLE_MONITORING' | 'FALL_PROTECTION' | 'MACHINE_GUARDING'
  | 'ENVIRONMENT_MONITORING' | 'SAFETY_MANAGEMENT_SOFTWARE' | 'OTHER';
type EnterpriseSize = 'MICRO' | 'SMALL' | 'MEDIUM';
/** Which worksites a technology suits; derived from the beneficiary's KSIC section. */
type Sector = 'MANUFACTURING' | 'CONSTRUCTION' | 'TRANSPORT' | 'WASTE';
type AgreementStatus = 'DRAFT' | 'ACTIVE' | 'COMPLETED' | 'TERMINATED';
type Metric = 'VERIFIED_ACTIVITIES' | 'DISTINCT_BENEFICIARIES' | 'WORKERS_COVERED' | 'HAZARDS_REMEDIATED' | 'RISK_POINTS_REDUCED';
/** A target's metric: one counted over verified activities (R9), or the worksites improved (R23). */
type TargetMetricName = Metric | 'WORKSITES_IMPROVED';
type PayoutRuleKind = 'ALL_OR_NOTHING' | 'PRO_RATA' | 'TIERED';
type ActivityKind = 'PRODUCT_SUPPLY' | 'ON_SITE_INSPECTION' | 'CONSULTING' | 'TRAINING';
type ActivityOutcome = 'VERIFIED' | 'REPORTED' | 'REJECTED';

// ---------------------------------------------------------------- reference data

const AGENCIES = [
  { code: 'MSS', name: 'Ministry of SMEs and Startups (중소벤처기업부)', kind: 'MINISTRY' },
  { code: 'KOSME', name: 'Korea SMEs and Startups Agency (중소벤처기업진흥공단)', kind: 'PUBLIC_AGENCY' },
  { code: 'KB', name: 'KB Kookmin Bank (KB국민은행)', kind: 'FINANCIAL_INSTITUTION' },
] as const;

const MACRO_AREA: Record<Region, string> = {
  SEOUL: 'CAPITAL', INCHEON: 'CAPITAL', GYEONGGI: 'CAPITAL',
  BUSAN: 'SOUTHEAST', DAEGU: 'SOUTHEAST', ULSAN: 'SOUTHEAST', GYEONGBUK: 'SOUTHEAST', GYEONGNAM: 'SOUTHEAST',
  DAEJEON: 'CENTRAL', SEJONG: 'CENTRAL', CHUNGBUK: 'CENTRAL', CHUNGNAM: 'CENTRAL', GANGWON: 'CENTRAL',
  GWANGJU: 'SOUTHWEST', JEONBUK: 'SOUTHWEST', JEONNAM: 'SOUTHWEST', JEJU: 'SOUTHWEST',
};

/** Industrial-complex towns, used in some beneficiary names. */
const TOWNS: Record<Region, readonly string[]> = {
  SEOUL: ['Guro', 'Seongsu', 'Mullae'],
  BUSAN: ['Sasang', 'Noksan', 'Gijang'],
  DAEGU: ['Seongseo', 'Dalseong'],
  INCHEON: ['Namdong', 'Bupyeong', 'Juan'],
  GWANGJU: ['Hanam', 'Pyeongdong'],
  DAEJEON: ['Daedeok', 'Yuseong'],
  ULSAN: ['Onsan', 'Mipo', 'Ulju'],
  SEJONG: ['Jochiwon'],
  GYEONGGI: ['Hwaseong', 'Ansan', 'Siheung', 'Gimpo', 'Pyeongtaek', 'Pocheon'],
  GANGWON: ['Wonju', 'Chuncheon', 'Gangneung'],
  CHUNGBUK: ['Cheongju', 'Eumseong', 'Jincheon', 'Chungju'],
  CHUNGNAM: ['Asan', 'Cheonan', 'Dangjin', 'Seosan'],
  JEONBUK: ['Iksan', 'Gunsan', 'Wanju'],
  JEONNAM: ['Yeosu', 'Gwangyang', 'Mokpo'],
  GYEONGBUK: ['Gumi', 'Pohang', 'Gyeongsan', 'Chilgok'],
  GYEONGNAM: ['Changwon', 'Gimhae', 'Yangsan', 'Geoje', 'Haman'],
  JEJU: ['Jeju', 'Seogwipo'],
};

/** Where beneficiary worksites are: the manufacturing belts weigh most. Every region also gets 3. */
const BENEFICIARY_REGION_WEIGHTS: Weighted<Region> = [
  ['GYEONGGI', 30], ['GYEONGNAM', 14], ['GYEONGBUK', 11], ['INCHEON', 10], ['BUSAN', 9], ['ULSAN', 8],
  ['CHUNGNAM', 7], ['CHUNGBUK', 6], ['DAEGU', 6], ['SEOUL', 4], ['JEONBUK', 4], ['JEONNAM', 4],
  ['GWANGJU', 3], ['DAEJEON', 3], ['GANGWON', 3], ['SEJONG', 1], ['JEJU', 1],
];
const MIN_BENEFICIARIES_PER_REGION = 3;

const SUPPLIER_REGION_WEIGHTS: Weighted<Region> = [
  ['GYEONGGI', 14], ['SEOUL', 9], ['DAEJEON', 5], ['INCHEON', 4], ['BUSAN', 3], ['GYEONGNAM', 3],
  ['DAEGU', 3], ['GYEONGBUK', 2], ['ULSAN', 2], ['CHUNGNAM', 2], ['CHUNGBUK', 2], ['GWANGJU', 1],
];

interface BeneficiaryIndustry {
  code: string;
  weight: number;
  sector: Sector;
  nouns: readonly string[];
}

const METAL_NOUNS = ['Precision Metal', 'Metal Works', 'Steel Fabrication', 'Sheet Metal', 'Metal Industry'];
const MACHINERY_NOUNS = ['Machinery', 'Hydraulics', 'Machine Tools', 'Engineering'];
const PLASTICS_NOUNS = ['Plastics', 'Rubber Industry', 'Polymer', 'Packaging'];

/** KSIC codes of the typical beneficiary worksites (DESIGN.md, facts for demo data). */
const BENEFICIARY_INDUSTRIES: readonly BeneficiaryIndustry[] = [
  { code: 'C25', weight: 40, sector: 'MANUFACTURING', nouns: METAL_NOUNS },
  { code: '25112', weight: 12, sector: 'MANUFACTURING', nouns: METAL_NOUNS },
  { code: 'C29', weight: 22, sector: 'MANUFACTURING', nouns: MACHINERY_NOUNS },
  { code: '29199', weight: 8, sector: 'MANUFACTURING', nouns: MACHINERY_NOUNS },
  { code: 'C22', weight: 18, sector: 'MANUFACTURING', nouns: PLASTICS_NOUNS },
  { code: '22291', weight: 8, sector: 'MANUFACTURING', nouns: PLASTICS_NOUNS },
  { code: 'C10', weight: 20, sector: 'MANUFACTURING', nouns: ['Foods', 'Food Industry', 'Bakery', 'Seafood Processing'] },
  { code: 'C24', weight: 12, sector: 'MANUFACTURING', nouns: ['Steel', 'Casting', 'Forging', 'Alloy'] },
  { code: 'C20', weight: 10, sector: 'MANUFACTURING', nouns: ['Chemical', 'Paint', 'Coatings'] },
  { code: 'C23', weight: 10, sector: 'MANUFACTURING', nouns: ['Ceramics', 'Concrete', 'Glass', 'Remicon'] },
  { code: 'F41', weight: 28, sector: 'CONSTRUCTION', nouns: ['Construction', 'Housing Construction', 'Building'] },
  { code: 'F42', weight: 14, sector: 'CONSTRUCTION', nouns: ['Civil Engineering', 'E&C', 'Infrastructure'] },
  { code: 'H49', weight: 20, sector: 'TRANSPORT', nouns: ['Logistics', 'Transport', 'Express', 'Freight'] },
  { code: 'E38', weight: 18, sector: 'WASTE', nouns: ['Recycling', 'Environment', 'Resources', 'Eco'] },
];

const BENEFICIARY_NAME_PREFIXES = [
  'Daesung', 'Hanseong', 'Samwoo', 'Shinheung', 'Yeongjin', 'Gwangmyeong', 'Dongil', 'Seohae', 'Namyang',
  'Cheonil', 'Daewon', 'Dongbu', 'Haedong', 'Hwasin', 'Jeil', 'Kyungil', 'Misung', 'Sambo', 'Samil',
  'Sangsin', 'Seongjin', 'Sewon', 'Shinwoo', 'Taesung', 'Woojin', 'Yuil', 'Hyosung', 'Geumgang', 'Baekje',
  'Donghae', 'Seorim', 'Jinseong', 'Hanyang', 'Boseong', 'Daedong', 'Ilwoo', 'Chungmu', 'Yeongnam',
];

const SUPPLIER_NAME_PREFIXES = [
  'Daehan', 'Hanil', 'Samjin', 'Seoyoung', 'Dongyang', 'Haneul', 'Mirae', 'Saehan', 'Jinwoo', 'Taeyang',
  'Hyundo', 'Kukje', 'Nuri', 'Areum', 'Bitgaram', 'Chungang', 'Geumsan', 'Hanbit', 'Sejin', 'Gaon',
  'Daon', 'Hansol', 'Ilshin', 'Dongbang', 'Seongwon', 'Sinil', 'Pyeonghwa', 'Eunsung', 'Yeonhui', 'Boram',
];
const CORPORATE_SUFFIXES: Weighted<string> = [['Co., Ltd.', 75], ['Corp.', 15], ['Inc.', 10]];

interface CategoryProfile {
  /** How many of the ~50 suppliers specialise in it. */
  suppliers: number;
  brands: readonly string[];
  industryCodes: readonly string[];
}

/** The program funds fire, caught-in, collision and fall prevention, so those specialities dominate. */
const CATEGORY_PROFILES: Record<TechnologyCategory, CategoryProfile> = {
  AI_VISION: { suppliers: 9, brands: ['SafeVision', 'VisionGuard', 'DeepEye', 'SmartEye', 'EyeSafe', 'AI Sentinel'], industryCodes: ['C26', 'J62', 'M72'] },
  MACHINE_GUARDING: { suppliers: 9, brands: ['GuardTech', 'SafeStop', 'InterLock', 'MachineShield', 'PressGuard'], industryCodes: ['C28', 'C29'] },
  FALL_PROTECTION: { suppliers: 8, brands: ['FallStop', 'SkyLine', 'HighSafe', 'SafeRope', 'LifeLine'], industryCodes: ['C29', 'C28'] },
  ENVIRONMENT_MONITORING: { suppliers: 7, brands: ['SparkEye', 'FireSense', 'FlameScan', 'ThermoGuard', 'FireWatch'], industryCodes: ['C27', 'C26'] },
  GAS_DETECTION: { suppliers: 5, brands: ['GasSense', 'AirCheck', 'OxyWatch', 'GasGuard'], industryCodes: ['C27'] },
  WEARABLE_MONITORING: { suppliers: 5, brands: ['WearSafe', 'BodyGuard', 'HeatWatch', 'SafeBand'], industryCodes: ['C26', 'C27'] },
  OTHER: { suppliers: 5, brands: ['LiftSafe', 'ProxiAlert', 'RoadGuard', 'CraneSafe'], industryCodes: ['C29', 'C28'] },
  SAFETY_MANAGEMENT_SOFTWARE: { suppliers: 2, brands: ['SafeLink', 'RiskNote', 'SafetyHub'], industryCodes: ['J58', 'J62'] },
};

interface TechnologyTemplate {
  category: TechnologyCategory;
  /** Completes a product name after the brand and model, e.g. "SafeVision SV-310 <name>". */
  name: string;
  /** Used in activity titles. */
  short: string;
  hazards: readonly Hazard[];
  sectors: readonly Sector[];
  description: string;
  certifications: readonly (string | null)[];
  places: readonly string[];
}

const M: Sector = 'MANUFACTURING';
const C: Sector = 'CONSTRUCTION';
const T: Sector = 'TRANSPORT';
const W: Sector = 'WASTE';

const TECHNOLOGY_TEMPLATES: readonly TechnologyTemplate[] = [
  {
    category: 'AI_VISION', name: 'forklift AI-vision pedestrian detection system', short: 'Forklift AI-vision pedestrian detection',
    hazards: ['STRUCK_BY', 'VEHICLE'], sectors: [M, T, W], certifications: ['KC EMC', 'KCs', null],
    description: 'Deep-learning cameras on the forklift detect people within 3 m and trigger an alarm and an automatic slowdown.',
    places: ['loading dock', 'finished-goods warehouse', 'raw-material yard', 'forklift aisle 3'],
  },
  {
    category: 'AI_VISION', name: 'press AI-vision hand-intrusion detector', short: 'Press AI-vision hand-intrusion detection',
    hazards: ['CAUGHT_IN_MACHINERY'], sectors: [M], certifications: ['KCs', 'KC EMC'],
    description: 'A vision sensor stops the power press when a hand or arm enters the die area.',
    places: ['press line 2', 'press line 1', 'stamping cell', 'bending press area'],
  },
  {
    category: 'AI_VISION', name: 'AI CCTV danger-zone intrusion monitor', short: 'AI CCTV danger-zone monitoring',
    hazards: ['CAUGHT_IN_MACHINERY', 'STRUCK_BY'], sectors: [M, W], certifications: ['KC EMC', null],
    description: 'Existing CCTV feeds are analysed for people entering marked danger zones around running machines.',
    places: ['conveyor line', 'crusher area', 'robot cell', 'mixing room'],
  },
  {
    category: 'AI_VISION', name: 'AI-vision harness and hard-hat compliance camera', short: 'AI-vision harness compliance monitoring',
    hazards: ['FALL'], sectors: [C], certifications: ['KC EMC', null],
    description: 'Site cameras flag workers at height without a hard hat or a clipped-on harness and alert the supervisor.',
    places: ['steel frame erection area', 'scaffold on building A', 'formwork deck', 'roof work area'],
  },
  {
    category: 'AI_VISION', name: 'AI-vision flame and smoke early detection camera', short: 'AI-vision flame and smoke detection',
    hazards: ['FIRE_EXPLOSION'], sectors: [M, W], certifications: ['KFI certified', 'KC EMC'],
    description: 'Video analytics spots flame and smoke seconds after ignition, well before ceiling detectors react.',
    places: ['paint booth', 'waste storage bay', 'dust collector area', 'welding shop'],
  },
  {
    category: 'GAS_DETECTION', name: 'IoT multi-gas detector for confined spaces (O2, H2S, CO, LEL)', short: 'IoT confined-space gas monitoring',
    hazards: ['CONFINED_SPACE', 'FIRE_EXPLOSION'], sectors: [W, M, C], certifications: ['KCs', 'KCs, KC EMC'],
    description: 'Wireless detectors measure oxygen and toxic gases before and during entry and alarm both the entrant and the attendant.',
    places: ['wastewater pit', 'storage tank No. 1', 'sewer manhole', 'fermentation tank'],
  },
  {
    category: 'GAS_DETECTION', name: 'wireless oxygen-deficiency monitor', short: 'Oxygen-deficiency monitoring',
    hazards: ['CONFINED_SPACE'], sectors: [W, C, M], certifications: ['KCs', null],
    description: 'A fixed oxygen sensor at the entry point sends readings to the supervisor’s phone and blocks entry below 18%.',
    places: ['manhole on the site road', 'cistern', 'pipe pit', 'silo'],
  },
  {
    category: 'GAS_DETECTION', name: 'combustible gas leak detector with automatic shut-off valve', short: 'Gas leak detection with automatic shut-off',
    hazards: ['FIRE_EXPLOSION'], sectors: [M], certifications: ['KCs', 'KGS certified'],
    description: 'A catalytic sensor closes the gas supply valve when the concentration passes 25% of the lower explosive limit.',
    places: ['boiler room', 'frying line', 'heat-treatment furnace', 'LPG storage'],
  },
  {
    category: 'GAS_DETECTION', name: 'portable gas monitor with confined-space entry log', short: 'Gas monitoring with confined-space entry log',
    hazards: ['CONFINED_SPACE'], sectors: [W, C], certifications: ['KCs'],
    description: 'A portable monitor logs gas readings and entrants per permit, so attendants know who is inside and in what air.',
    places: ['leachate tank', 'sewer culvert', 'digester'],
  },
  {
    category: 'WEARABLE_MONITORING', name: 'smart safety helmet with fall and impact sensor', short: 'Smart helmet fall and impact alerts',
    hazards: ['FALL', 'STRUCK_BY'], sectors: [C, M], certifications: ['KCs', 'KC EMC'],
    description: 'An accelerometer in the helmet detects falls and head impacts and sends the location to the site manager.',
    places: ['scaffold', 'steel structure', 'mezzanine storage', 'roof work area'],
  },
  {
    category: 'WEARABLE_MONITORING', name: 'wearable heat-stress band', short: 'Wearable heat-stress monitoring',
    hazards: ['HEAT_STRESS'], sectors: [C, M], certifications: ['KC EMC', null],
    description: 'A wristband tracks heart rate and skin temperature and tells the worker and supervisor when to rest.',
    places: ['casting shop', 'outdoor site', 'furnace area', 'rooftop work'],
  },
  {
    category: 'WEARABLE_MONITORING', name: 'UWB worker-vehicle proximity warning tag', short: 'UWB worker-vehicle proximity warning',
    hazards: ['VEHICLE', 'STRUCK_BY'], sectors: [M, T, W], certifications: ['KC EMC'],
    description: 'Tags worn by workers and fitted to vehicles vibrate and beep when they come within a set distance.',
    places: ['loading dock', 'yard', 'warehouse aisle', 'truck apron'],
  },
  {
    category: 'WEARABLE_MONITORING', name: 'lone-worker fall detection and SOS wearable', short: 'Lone-worker fall detection',
    hazards: ['FALL'], sectors: [M, W, T], certifications: ['KC EMC', null],
    description: 'A clip-on device detects a fall or no movement and calls for help when the worker cannot.',
    places: ['night-shift warehouse', 'sorting line', 'rack storage area'],
  },
  {
    category: 'FALL_PROTECTION', name: 'self-retracting lifeline fall-arrest system', short: 'Self-retracting lifeline',
    hazards: ['FALL'], sectors: [C, M], certifications: ['KCs', 'KOSHA S-mark'],
    description: 'A self-retracting lifeline on a rigid anchor arrests a fall within 60 cm.',
    places: ['roof of building B', 'steel frame erection area', 'tank top', 'crane runway'],
  },
  {
    category: 'FALL_PROTECTION', name: 'rooftop horizontal lifeline system', short: 'Rooftop horizontal lifeline',
    hazards: ['FALL'], sectors: [M, C], certifications: ['KOSHA S-mark', 'KCs'],
    description: 'A tensioned cable along the roof ridge lets workers stay clipped on while repairing sandwich-panel roofs.',
    places: ['factory roof', 'sandwich-panel roof', 'warehouse roof'],
  },
  {
    category: 'FALL_PROTECTION', name: 'smart double-lanyard hook with interlock', short: 'Smart double-lanyard hooks',
    hazards: ['FALL'], sectors: [C], certifications: ['KCs', 'KOSHA S-mark'],
    description: 'Interlocked twin hooks cannot both be open, so the worker is always attached while moving between anchors.',
    places: ['scaffold', 'curtain-wall work', 'high-rise formwork'],
  },
  {
    category: 'FALL_PROTECTION', name: 'modular guardrail and skylight cover system', short: 'Guardrails and skylight covers',
    hazards: ['FALL'], sectors: [M, C], certifications: ['KOSHA S-mark', null],
    description: 'Clamp-on guardrails and load-rated skylight covers close edges and openings without drilling.',
    places: ['skylights on the roof', 'mezzanine edge', 'loading platform edge', 'slab openings'],
  },
  {
    category: 'FALL_PROTECTION', name: 'ladder stabiliser with tilt alarm', short: 'Ladder stabiliser with tilt alarm',
    hazards: ['FALL'], sectors: [M, C, W], certifications: ['KCs'],
    description: 'Wide outriggers and a tilt sensor keep portable ladders upright and warn when they lean too far.',
    places: ['maintenance area', 'rack storage', 'stairwell'],
  },
  {
    category: 'MACHINE_GUARDING', name: 'safety light curtain for power presses', short: 'Press safety light curtain',
    hazards: ['CAUGHT_IN_MACHINERY'], sectors: [M], certifications: ['KCs', 'KOSHA S-mark'],
    description: 'A Type 4 light curtain stops the press stroke when any beam in front of the die is interrupted.',
    places: ['press line 2', 'press line 1', 'stamping cell', 'bending press'],
  },
  {
    category: 'MACHINE_GUARDING', name: 'machine-guard door interlock switch', short: 'Guard door interlocks',
    hazards: ['CAUGHT_IN_MACHINERY'], sectors: [M], certifications: ['KCs', null],
    description: 'Coded interlock switches stop the machine whenever a guard door is opened.',
    places: ['CNC lathe cell', 'injection moulding machine 3', 'mixer', 'packing machine'],
  },
  {
    category: 'MACHINE_GUARDING', name: 'conveyor emergency pull-cord stop', short: 'Conveyor pull-cord emergency stop',
    hazards: ['CAUGHT_IN_MACHINERY'], sectors: [M, W, T], certifications: ['KCs'],
    description: 'A pull cord along the whole conveyor stops the belt from any point within reach.',
    places: ['sorting conveyor', 'belt conveyor line', 'recycling picking line'],
  },
  {
    category: 'MACHINE_GUARDING', name: 'two-hand control unit for hydraulic presses', short: 'Two-hand press control',
    hazards: ['CAUGHT_IN_MACHINERY'], sectors: [M], certifications: ['KCs', 'KOSHA S-mark'],
    description: 'The press cycles only while both buttons are held, keeping the operator’s hands out of the die.',
    places: ['hydraulic press 1', 'press line 2', 'trimming press'],
  },
  {
    category: 'MACHINE_GUARDING', name: 'roll mill emergency trip bar', short: 'Roll mill emergency trip bar',
    hazards: ['CAUGHT_IN_MACHINERY'], sectors: [M], certifications: ['KCs'],
    description: 'A body-height trip bar reverses and stops the rolls when pushed by a worker being drawn in.',
    places: ['rubber roll mill', 'dough sheeter', 'calender line'],
  },
  {
    category: 'MACHINE_GUARDING', name: 'radar safety scanner for robot cells', short: 'Radar safety scanner for robot cells',
    hazards: ['CAUGHT_IN_MACHINERY', 'STRUCK_BY'], sectors: [M], certifications: ['KCs', 'KC EMC'],
    description: 'A radar scanner slows the robot when a person approaches and stops it inside the protective field.',
    places: ['welding robot cell', 'palletising robot', 'machining cell'],
  },
  {
    category: 'ENVIRONMENT_MONITORING', name: 'spark detection and extinguishing system for dust ducts', short: 'Spark detection and extinguishing',
    hazards: ['FIRE_EXPLOSION'], sectors: [M, W], certifications: ['KFI certified', 'KCs'],
    description: 'Infrared detectors in the duct trigger a water-mist curtain before a spark reaches the dust collector.',
    places: ['dust collector duct', 'sanding line', 'shredder outlet'],
  },
  {
    category: 'ENVIRONMENT_MONITORING', name: 'IoT fire and temperature sensor for electrical panels', short: 'IoT electrical-panel fire sensors',
    hazards: ['FIRE_EXPLOSION', 'ELECTRICAL'], sectors: [M, T, W], certifications: ['KC EMC', 'KCs'],
    description: 'Sensors inside distribution panels report overheating and arcing before insulation ignites.',
    places: ['main electrical room', 'distribution panel on line 1', 'compressor room'],
  },
  {
    category: 'ENVIRONMENT_MONITORING', name: 'welding-spark fire watch sensor', short: 'Welding-spark fire watch sensor',
    hazards: ['FIRE_EXPLOSION'], sectors: [M, C], certifications: ['KFI certified', null],
    description: 'A heat and spark sensor guards the hot-work area for an hour after welding stops.',
    places: ['welding shop', 'hot-work area', 'basement fit-out site'],
  },
  {
    category: 'ENVIRONMENT_MONITORING', name: 'workplace WBGT heat index monitor', short: 'WBGT heat index monitoring',
    hazards: ['HEAT_STRESS'], sectors: [C, M], certifications: ['KC EMC'],
    description: 'A wet-bulb globe temperature station posts the heat index and the required rest schedule on site.',
    places: ['outdoor site', 'casting shop', 'roof work area'],
  },
  {
    category: 'ENVIRONMENT_MONITORING', name: 'lithium battery thermal-runaway early-warning sensor', short: 'Battery thermal-runaway early warning',
    hazards: ['FIRE_EXPLOSION'], sectors: [M, T, W], certifications: ['KCs', 'KC EMC'],
    description: 'Off-gas and temperature sensors detect a failing lithium cell minutes before it catches fire.',
    places: ['forklift charging station', 'battery charging room', 'ESS room'],
  },
  {
    category: 'OTHER', name: 'aerial work platform overload and tilt cut-off device', short: 'Aerial work platform overload and tilt cut-off',
    hazards: ['FALL'], sectors: [C, M], certifications: ['KCs'],
    description: 'The device blocks platform movement when the basket is overloaded or the chassis tilts beyond the limit.',
    places: ['scissor lift No. 2', 'boom lift', 'high-bay warehouse'],
  },
  {
    category: 'OTHER', name: 'aerial work platform anti-entrapment sensor', short: 'Aerial work platform anti-entrapment sensor',
    hazards: ['CAUGHT_IN_MACHINERY', 'FALL'], sectors: [C, M], certifications: ['KCs'],
    description: 'A pressure bar above the controls stops and reverses the platform when the operator is pressed against a structure.',
    places: ['boom lift', 'ceiling work area', 'steel frame erection area'],
  },
  {
    category: 'OTHER', name: 'forklift speed limiter and seat-belt interlock', short: 'Forklift speed limiter and seat-belt interlock',
    hazards: ['VEHICLE', 'STRUCK_BY'], sectors: [M, T, W], certifications: ['KCs'],
    description: 'The forklift cannot move unless the seat belt is fastened and is limited to 10 km/h indoors.',
    places: ['warehouse aisle', 'loading dock', 'yard'],
  },
  {
    category: 'OTHER', name: 'blind-spot collision warning radar for trucks and loaders', short: 'Blind-spot collision warning radar',
    hazards: ['VEHICLE', 'STRUCK_BY'], sectors: [T, W, C], certifications: ['KC EMC'],
    description: 'Rear and side radars warn the driver of people and obstacles in the blind spots when reversing or turning.',
    places: ['truck apron', 'transfer station', 'site entrance'],
  },
  {
    category: 'OTHER', name: 'overhead crane anti-collision system', short: 'Overhead crane anti-collision system',
    hazards: ['STRUCK_BY'], sectors: [M], certifications: ['KCs'],
    description: 'Laser rangefinders slow and stop overhead cranes before they hit each other or a person on the runway.',
    places: ['crane bay 1', 'steel stockyard', 'assembly hall'],
  },
  {
    category: 'SAFETY_MANAGEMENT_SOFTWARE', name: 'mobile risk-assessment app (KOSHA frequency × severity)', short: 'Mobile risk-assessment app',
    hazards: ['FALL', 'CAUGHT_IN_MACHINERY', 'STRUCK_BY'], sectors: [M, C, T, W], certifications: [null, 'GS certified'],
    description: 'Site managers photograph hazards, rate frequency and severity on a 5×5 matrix and track the controls to closure.',
    places: ['whole worksite', 'production floor', 'site office'],
  },
  {
    category: 'SAFETY_MANAGEMENT_SOFTWARE', name: 'digital permit-to-work for hot work and confined spaces', short: 'Digital permit-to-work',
    hazards: ['FIRE_EXPLOSION', 'CONFINED_SPACE'], sectors: [M, W, C], certifications: [null, 'GS certified'],
    description: 'Hot-work and confined-space permits are issued, checked and closed on a tablet with gas readings attached.',
    places: ['hot-work area', 'tank farm', 'maintenance shop'],
  },
];

const HAZARD_PHRASES: Record<Hazard, string> = {
  FALL: 'fall',
  CAUGHT_IN_MACHINERY: 'caught-in',
  STRUCK_BY: 'struck-by',
  CONFINED_SPACE: 'confined-space asphyxiation',
  FIRE_EXPLOSION: 'fire and explosion',
  ELECTRICAL: 'electrical',
  HEAT_STRESS: 'heat-stress',
  VEHICLE: 'vehicle collision',
};

const ACTIVITY_KIND_WEIGHTS: Weighted<ActivityKind> = [
  ['PRODUCT_SUPPLY', 35], ['ON_SITE_INSPECTION', 25], ['CONSULTING', 20], ['TRAINING', 20],
];

const ACTIVITY_DESCRIPTIONS: Record<ActivityKind, readonly string[]> = {
  PRODUCT_SUPPLY: [
    'Supplied free of charge, installed and commissioned with the site manager; an engineering control in the KOSHA hierarchy.',
    'Device installed and tested; operators briefed on the daily pre-use check.',
  ],
  ON_SITE_INSPECTION: [
    'Walk-through with the site manager; findings and a corrective-action list left with the owner.',
    'Follow-up inspection of controls installed earlier; remaining gaps recorded.',
  ],
  CONSULTING: [
    'Risk assessment (frequency × severity) updated and controls prioritised: elimination, substitution, engineering, administrative, PPE.',
    'Safety and health management plan reviewed against the Serious Accidents Punishment Act duties for small worksites.',
  ],
  TRAINING: [
    'Hands-on session with a short quiz; the attendance sheet is attached as evidence.',
    'Toolbox training in Korean, Vietnamese and Nepali for the mixed crew.',
  ],
};

const REJECTION_REASONS = [
  'Photo evidence does not show the installed device at the stated worksite.',
  'Beneficiary confirmation is missing; the site visit could not be confirmed.',
  'Completion date does not match the delivery note.',
  'Duplicate of an activity already reported for the same device under another title.',
  'Attendance sheet lists fewer workers than reported.',
];

/** The bank pays base grants in its twice-monthly payment runs, at least two weeks after activation. */
const BASE_GRANT_MIN_LEAD_DAYS = 14;

interface Cohort {
  count: number;
  status: AgreementStatus;
  startsOn: string;
  endsOn: string;
  /** Half-term periods used by semi-annual targets. */
  halves: readonly [readonly [string, string], readonly [string, string]];
  createdFrom: string;
  createdSpanDays: number;
  completedOn?: string;
  terminatedAfterDays?: number;
  terminationReason?: string;
  /** The base grant was never paid out, so termination cancels it. */
  baseGrantHeld?: boolean;
}

/**
 * The program calendar, after the call's decision (2026-03-18): most agreements
 * are made in late March and start together in April 2026; a few run on other terms.
 */
const COHORTS: readonly Cohort[] = [
  {
    count: 35, status: 'ACTIVE', startsOn: '2026-04-01', endsOn: '2027-03-31',
    halves: [['2026-04-01', '2026-09-30'], ['2026-10-01', '2027-03-31']], createdFrom: '2026-03-20', createdSpanDays: 10,
  },
  {
    count: 2, status: 'COMPLETED', startsOn: '2026-04-01', endsOn: '2026-10-31',
    halves: [['2026-04-01', '2026-07-15'], ['2026-07-16', '2026-10-31']], createdFrom: '2026-03-20', createdSpanDays: 10,
    completedOn: '2026-11-03',
  },
  {
    count: 2, status: 'ACTIVE', startsOn: '2026-05-01', endsOn: '2027-04-30',
    halves: [['2026-05-01', '2026-10-31'], ['2026-11-01', '2027-04-30']], createdFrom: '2026-04-14', createdSpanDays: 5,
  },
  {
    count: 1, status: 'TERMINATED', startsOn: '2026-06-01', endsOn: '2027-05-31',
    halves: [['2026-06-01', '2026-11-30'], ['2026-12-01', '2027-05-31']], createdFrom: '2026-05-18', createdSpanDays: 3,
    terminatedAfterDays: 45, baseGrantHeld: true,
    terminationReason: 'The recipient did not provide the performance guarantee required before the base grant; terminated by mutual consent.',
  },
  {
    count: 3, status: 'ACTIVE', startsOn: '2026-11-01', endsOn: '2027-10-31',
    halves: [['2026-11-01', '2027-04-30'], ['2027-05-01', '2027-10-31']], createdFrom: '2026-10-30', createdSpanDays: 2,
  },
  {
    count: 3, status: 'DRAFT', startsOn: '2027-01-01', endsOn: '2027-12-31',
    halves: [['2027-01-01', '2027-06-30'], ['2027-07-01', '2027-12-31']], createdFrom: '2026-10-27', createdSpanDays: 10,
  },
];

type PeriodKind = 'FULL' | 'H1' | 'H2';

/** Target sets a supplier might propose: mostly counts of verified activities, some outcome metrics. */
const TARGET_PLANS: Weighted<readonly { metric: Metric; period: PeriodKind }[]> = [
  [[{ metric: 'VERIFIED_ACTIVITIES', period: 'FULL' }], 20],
  [[{ metric: 'DISTINCT_BENEFICIARIES', period: 'FULL' }], 6],
  [[{ metric: 'VERIFIED_ACTIVITIES', period: 'H1' }, { metric: 'VERIFIED_ACTIVITIES', period: 'H2' }], 24],
  [[{ metric: 'VERIFIED_ACTIVITIES', period: 'FULL' }, { metric: 'WORKERS_COVERED', period: 'FULL' }], 12],
  [[{ metric: 'DISTINCT_BENEFICIARIES', period: 'H1' }, { metric: 'HAZARDS_REMEDIATED', period: 'FULL' }], 8],
  [[{ metric: 'VERIFIED_ACTIVITIES', period: 'H1' }, { metric: 'VERIFIED_ACTIVITIES', period: 'H2' }, { metric: 'RISK_POINTS_REDUCED', period: 'FULL' }], 14],
  [[{ metric: 'VERIFIED_ACTIVITIES', period: 'FULL' }, { metric: 'DISTINCT_BENEFICIARIES', period: 'FULL' }, { metric: 'HAZARDS_REMEDIATED', period: 'FULL' }], 9],
  [[{ metric: 'VERIFIED_ACTIVITIES', period: 'H1' }, { metric: 'WORKERS_COVERED', period: 'H2' }, { metric: 'RISK_POINTS_REDUCED', period: 'FULL' }], 7],
];

const METRIC_DESCRIPTIONS: Record<TargetMetricName, string> = {
  VERIFIED_ACTIVITIES: 'verified on-site improvement activities',
  DISTINCT_BENEFICIARIES: 'distinct beneficiary worksites with a verified improvement',
  WORKERS_COVERED: 'workers covered by verified improvements',
  HAZARDS_REMEDIATED: 'hazards remediated in verified improvements',
  RISK_POINTS_REDUCED: 'risk points reduced (frequency × severity) in verified improvements',
  WORKSITES_IMPROVED: 'matched worksites whose follow-up risk assessment is below the baseline',
};

interface PayoutRule {
  kind: PayoutRuleKind;
  thresholdBp: number | null;
  tiers: readonly { minAchievementBp: number; shareBp: number }[] | null;
}

const PAYOUT_RULES: Weighted<PayoutRule> = [
  [{ kind: 'ALL_OR_NOTHING', thresholdBp: null, tiers: null }, 35],
  [{ kind: 'PRO_RATA', thresholdBp: 5000, tiers: null }, 15],
  [{ kind: 'PRO_RATA', thresholdBp: 7000, tiers: null }, 6],
  [{ kind: 'PRO_RATA', thresholdBp: 3000, tiers: null }, 5],
  [{ kind: 'PRO_RATA', thresholdBp: null, tiers: null }, 9],
  [{ kind: 'TIERED', thresholdBp: null, tiers: [{ minAchievementBp: 5000, shareBp: 4000 }, { minAchievementBp: 10000, shareBp: 10000 }] }, 12],
  [{ kind: 'TIERED', thresholdBp: null, tiers: [{ minAchievementBp: 5000, shareBp: 3000 }, { minAchievementBp: 8000, shareBp: 6000 }, { minAchievementBp: 10000, shareBp: 10000 }] }, 10],
  [{ kind: 'TIERED', thresholdBp: null, tiers: [{ minAchievementBp: 7000, shareBp: 5000 }, { minAchievementBp: 10000, shareBp: 10000 }] }, 8],
];

/** The first answer KB gives a selected supplier comes the day after the call's decision. */
const FIRST_FUNDER_ANSWER = '2026-03-19';
const ACCEPTANCE_NOTES = [
  'Plan and budget reviewed; accepted for the 2026 program.',
  'Accepted; the KPI proposal is fixed in the agreement.',
  'Accepted on the standard results-based terms.',
];
const DECLINE_NOTES = [
  'Declined: product certification (KCs) is still pending; please resubmit once certified.',
  'Declined: the outcome plan overlaps a supplier already funded in the same region.',
];

// ---------------------------------------------------------------- determinism helpers

/** The bank's payment runs fall on the 15th and on the last day of each month. */
function nextPaymentRun(earliest: Day): Day {
  const [year, month, date] = isoDate(earliest).split('-').map(Number);
  if (date <= 15) return day(`${year}-${String(month).padStart(2, '0')}-15`);
  return Date.UTC(year, month, 0) / MS_PER_DAY;
}

async function insertRows(
  query: SeedQuery,
  table: string,
  columns: readonly string[],
  rows: readonly (readonly unknown[])[],
  returning?: string,
): Promise<any[]> {
  const returned: any[] = [];
  for (let offset = 0; offset < rows.length; offset += BATCH_SIZE) {
    const params: unknown[] = [];
    const tuples = rows.slice(offset, offset + BATCH_SIZE).map((row) => {
      const placeholders = row.map((value) => {
        params.push(value);
        return `$${params.length}`;
      });
      return `(${placeholders.join(', ')})`;
    });
    const sql =
      `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${tuples.join(', ')}` +
      (returning ? ` RETURNING ${returning}` : '');
    returned.push(...(await query(sql, params)));
  }
  return returned;
}

// ---------------------------------------------------------------- in-memory program

interface EnterpriseSeed {
  id: string;
  brn: string;
  name: string;
  size: EnterpriseSize;
  industryCode: string;
  region: Region;
  employeeCount: number;
  createdAt: string;
}

interface TechnologySeed {
  id: string;
  template: TechnologyTemplate;
  /** Brand and model, e.g. "SafeVision SV-310". */
  model: string;
  name: string;
  readinessLevel: number;
  certification: string | null;
  createdAt: string;
}

interface Supplier extends EnterpriseSeed {
  brand: string;
  technologies: TechnologySeed[];
}

interface Beneficiary extends EnterpriseSeed {
  sector: Sector;
}

interface AgreementSeed {
  id: string;
  number: string;
  cohort: Cohort;
  supplier: Supplier;
  /** The product the supplier applied to the call with (one against an accident the call funds). */
  technology: TechnologySeed;
  baseMillionWon: number;
  capMillionWon: number;
  createdDay: Day;
  activatedDay: Day | null;
  terminatedDay: Day | null;
  createdAt: string;
  activatedAt: string | null;
  completedAt: string | null;
  terminatedAt: string | null;
}

interface ActivitySeed {
  agreement: AgreementSeed;
  beneficiary: Beneficiary;
  technology: TechnologySeed;
  kind: ActivityKind;
  title: string;
  description: string | null;
  hazards: Hazard[];
  workersCovered: number;
  hazardsRemediated: number;
  riskLevelBefore: number | null;
  riskLevelAfter: number | null;
  startedOn: Day;
  completedOn: Day;
  reportedOn: Day;
  /** How the agency's review ends, if it happens in time: decides what counts toward targets. */
  outcome: ActivityOutcome;
  reviewedOn: Day;
  rejectionReason: string | null;
}

function generateBrn(rng: Random, used: Set<string>, corporation: boolean): string {
  for (;;) {
    const taxOffice = String(rng.int(101, 799));
    const type = corporation
      ? rng.weighted([['81', 60], ['86', 20], ['87', 12], ['88', 8]] as const)
      : String(rng.int(1, 79)).padStart(2, '0');
    const serial = String(rng.int(1, 9999)).padStart(4, '0');
    const firstNine = `${taxOffice}${type}${serial}`;
    const brn = `${firstNine}${brnCheckDigit(firstNine)}`;
    if (!used.has(brn)) {
      used.add(brn);
      return brn;
    }
  }
}

function uniqueName(used: Set<string>, make: () => string): string {
  for (;;) {
    const name = make();
    if (!used.has(name)) {
      used.add(name);
      return name;
    }
  }
}

/** "AI Sentinel" -> "AS", "SafeVision" -> "SV": model codes look like the brand's. */
function modelPrefix(brand: string): string {
  return brand.replace(/[^A-Z]/g, '').slice(0, 2).padEnd(2, 'X');
}

/** Whether a product addresses a hazard the call funds (fire, caught-in, collision, fall). */
function addressesCallHazard(template: TechnologyTemplate): boolean {
  return template.hazards.some((hazard) => (DEMO_CALL.eligibleHazards as readonly string[]).includes(hazard));
}

/** Names already given, so that suppliers and the other applicants never share one. */
interface UsedNames {
  brns: Set<string>;
  enterprises: Set<string>;
  technologies: Set<string>;
}

/** A product of `brand`; every one the call sees is commercialised (readiness 9, R16). */
function buildTechnology(rng: Random, used: UsedNames, brand: string, template: TechnologyTemplate, position: number, registeredDay: Day): TechnologySeed {
  let model = '';
  const name = uniqueName(used.technologies, () => {
    model = `${brand} ${modelPrefix(brand)}-${rng.int(1, 9)}${position}0`;
    return `${model} ${template.name}`;
  });
  return {
    id: '',
    template,
    model,
    name,
    readinessLevel: DEMO_CALL.minReadinessLevel,
    certification: rng.pick(template.certifications),
    createdAt: kstTimestamp(registeredDay + rng.int(1, 10), rng),
  };
}

function buildSuppliers(rng: Random, used: UsedNames): Supplier[] {
  const categories = rng.shuffle(
    (Object.keys(CATEGORY_PROFILES) as TechnologyCategory[]).flatMap((category) =>
      Array.from({ length: CATEGORY_PROFILES[category].suppliers }, () => category),
    ),
  );
  if (categories.length !== SUPPLIER_COUNT) throw new Error('CATEGORY_PROFILES must add up to SUPPLIER_COUNT');

  return categories.map((category, index) => {
    const profile = CATEGORY_PROFILES[category];
    const brand = rng.pick(profile.brands);
    const name = uniqueName(used.enterprises, () => `${rng.pick(SUPPLIER_NAME_PREFIXES)} ${brand} ${rng.weighted(CORPORATE_SUFFIXES)}`);
    const medium = rng.chance(0.3);
    // Registered with KOSME in late 2025, around the program's MOU (2025-12-19).
    const registeredDay = day('2025-11-03') + rng.int(0, 30);

    // About 70 technologies for 50 suppliers: 40% of them market a second product.
    // The main one prevents an accident the call funds, so every supplier is eligible.
    const ownTemplates = TECHNOLOGY_TEMPLATES.filter((template) => template.category === category);
    const templates = [rng.pick(ownTemplates.filter(addressesCallHazard))];
    if (index % 5 < 2) {
      const others = ownTemplates.filter((template) => template !== templates[0]);
      templates.push(others.length > 0 && rng.chance(0.7) ? rng.pick(others) : rng.pick(TECHNOLOGY_TEMPLATES.filter((t) => t !== templates[0])));
    }
    const technologies = templates.map((template, position) => buildTechnology(rng, used, brand, template, position, registeredDay));

    return {
      id: '',
      brn: generateBrn(rng, used.brns, true),
      name,
      size: medium ? 'MEDIUM' : 'SMALL',
      industryCode: rng.pick(profile.industryCodes),
      region: rng.weighted(SUPPLIER_REGION_WEIGHTS),
      employeeCount: medium ? rng.int(50, 220) : rng.int(12, 49),
      createdAt: kstTimestamp(registeredDay, rng),
      brand,
      technologies,
    };
  });
}

/**
 * Companies that apply to the call with one commercialised product against an
 * eligible hazard, and score below the 50 suppliers: registered with KOSME
 * in the weeks before the call.
 */
function buildUnselectedApplicants(rng: Random, used: UsedNames): Supplier[] {
  const categories = Object.keys(CATEGORY_PROFILES) as TechnologyCategory[];
  return Array.from({ length: UNSELECTED_APPLICANT_COUNT }, () => {
    const category = rng.pick(categories);
    const profile = CATEGORY_PROFILES[category];
    const brand = rng.pick(profile.brands);
    const name = uniqueName(used.enterprises, () => `${rng.pick(SUPPLIER_NAME_PREFIXES)} ${brand} ${rng.weighted(CORPORATE_SUFFIXES)}`);
    const registeredDay = day('2026-01-12') + rng.int(0, 30);
    const template = rng.pick(TECHNOLOGY_TEMPLATES.filter((t) => t.category === category && addressesCallHazard(t)));
    const medium = rng.chance(0.2);
    return {
      id: '',
      brn: generateBrn(rng, used.brns, true),
      name,
      size: medium ? 'MEDIUM' : 'SMALL',
      industryCode: rng.pick(profile.industryCodes),
      region: rng.weighted(SUPPLIER_REGION_WEIGHTS),
      employeeCount: medium ? rng.int(50, 120) : rng.int(8, 45),
      createdAt: kstTimestamp(registeredDay, rng),
      brand,
      technologies: [buildTechnology(rng, used, brand, template, 0, registeredDay)],
    };
  });
}

function buildBeneficiaries(rng: Random, usedBrns: Set<string>): Beneficiary[] {
  const usedNames = new Set<string>();
  const regions: Region[] = BENEFICIARY_REGION_WEIGHTS.flatMap(([region]) => Array<Region>(MIN_BENEFICIARIES_PER_REGION).fill(region));
  while (regions.length < BENEFICIARY_COUNT) regions.push(rng.weighted(BENEFICIARY_REGION_WEIGHTS));
  const industryWeights: Weighted<BeneficiaryIndustry> = BENEFICIARY_INDUSTRIES.map((industry) => [industry, industry.weight]);

  return rng.shuffle(regions).map((region) => {
    const industry = rng.weighted(industryWeights);
    const corporation = rng.chance(0.75);
    const name = uniqueName(usedNames, () => {
      const stem = rng.chance(0.2) ? rng.pick(TOWNS[region]) : rng.pick(BENEFICIARY_NAME_PREFIXES);
      const noun = rng.pick(industry.nouns);
      return corporation ? `${stem} ${noun} ${rng.weighted(CORPORATE_SUFFIXES)}` : `${stem} ${noun}`;
    });
    // The Serious Accidents Punishment Act reaches 5–49-worker sites since 2024: the program's core.
    const size = rng.weighted<EnterpriseSize>(corporation ? [['MICRO', 12], ['SMALL', 72], ['MEDIUM', 16]] : [['MICRO', 40], ['SMALL', 58], ['MEDIUM', 2]]);
    const employeeCount =
      size === 'MICRO' ? rng.int(4, 9) : size === 'SMALL' ? (rng.chance(0.65) ? rng.int(10, 29) : rng.int(30, 49)) : rng.int(50, 180);
    return {
      id: '',
      brn: generateBrn(rng, usedBrns, corporation),
      name,
      size,
      industryCode: industry.code,
      region,
      employeeCount,
      createdAt: kstTimestamp(day('2026-01-05') + rng.int(0, 52), rng),
      sector: industry.sector,
    };
  });
}

function buildAgreements(rng: Random, suppliers: readonly Supplier[]): AgreementSeed[] {
  const agreements: AgreementSeed[] = [];
  let supplierIndex = 0;
  for (const cohort of COHORTS) {
    for (let i = 0; i < cohort.count; i++) {
      const supplier = suppliers[supplierIndex++];
      const createdDay = day(cohort.createdFrom) + rng.int(0, cohort.createdSpanDays);
      const activatedDay = cohort.status === 'DRAFT' ? null : createdDay + rng.int(3, 8);
      const terminatedDay =
        activatedDay !== null && cohort.terminatedAfterDays !== undefined ? activatedDay + cohort.terminatedAfterDays : null;
      agreements.push({
        id: '',
        number: '',
        cohort,
        supplier,
        technology: rng.pick(supplier.technologies.filter((technology) => addressesCallHazard(technology.template))),
        baseMillionWon: rng.int(72, 112),
        capMillionWon: rng.int(40, 80),
        createdDay,
        activatedDay,
        terminatedDay,
        createdAt: kstTimestamp(createdDay, rng),
        activatedAt: activatedDay === null ? null : kstTimestamp(activatedDay, rng),
        completedAt: cohort.completedOn ? kstTimestamp(day(cohort.completedOn) + rng.int(0, 3), rng) : null,
        terminatedAt: terminatedDay === null ? null : kstTimestamp(terminatedDay, rng),
      });
    }
  }

  // Spread the rounding gap to the ₩7.0bn budget over base amounts, one million won at a time.
  const total = agreements.reduce((sum, a) => sum + a.baseMillionWon + a.capMillionWon, 0);
  const gap = PROGRAM_BUDGET_MILLION_WON - total;
  for (let i = 0; i < Math.abs(gap); i++) agreements[i % agreements.length].baseMillionWon += Math.sign(gap);

  agreements.sort((a, b) => a.createdDay - b.createdDay || a.supplier.brn.localeCompare(b.supplier.brn));
  agreements.forEach((agreement, index) => {
    agreement.number = `KB-RBF-2026-${String(index + 1).padStart(3, '0')}`;
  });
  return agreements;
}

function riskLevels(rng: Random, kind: ActivityKind): [number, number] {
  const frequency = rng.weighted([[2, 20], [3, 35], [4, 30], [5, 15]] as const);
  const severity = rng.weighted([[3, 35], [4, 40], [5, 25]] as const);
  // Engineering controls (products) cut frequency hardest; training and advice are administrative.
  const frequencyAfter = rng.chance(0.05)
    ? frequency
    : kind === 'PRODUCT_SUPPLY' ? rng.int(1, frequency - 1) : Math.max(1, frequency - rng.int(1, 2));
  const severityAfter = kind === 'PRODUCT_SUPPLY' && rng.chance(0.25) ? severity - 1 : severity;
  return [frequency * severity, frequencyAfter * severityAfter];
}

function activityTitle(kind: ActivityKind, technology: TechnologySeed, hazard: Hazard, place: string, workers: number): string {
  const phrase = HAZARD_PHRASES[hazard];
  switch (kind) {
    case 'PRODUCT_SUPPLY':
      return `${technology.template.short} installed at ${place}`;
    case 'ON_SITE_INSPECTION':
      return `On-site inspection of ${phrase} risks at ${place}`;
    case 'CONSULTING':
      return `Risk-assessment consulting on ${phrase} controls for ${place}`;
    case 'TRAINING':
      return `${technology.template.short}: ${phrase} prevention training for ${workers} workers`;
  }
}

/**
 * Simulates each agreement's whole term, future included, so targets can be sized
 * against what the supplier is on course to deliver; only the past is stored.
 */
function simulateActivities(rng: Random, agreements: readonly AgreementSeed[], beneficiaries: readonly Beneficiary[]): ActivitySeed[] {
  const activities: ActivitySeed[] = [];
  for (const agreement of agreements) {
    const { cohort, supplier } = agreement;
    const firstDay = Math.max(day(cohort.startsOn), agreement.activatedDay ?? day(cohort.startsOn));
    const lastDay = day(cohort.endsOn);
    const monthlyRate = 5.5 + rng.next() * 7;
    const plannedCount = Math.round((monthlyRate * (lastDay - firstDay + 1)) / 30.4);

    const sectors = new Set(supplier.technologies.flatMap((technology) => technology.template.sectors));
    const suitable = beneficiaries.filter((beneficiary) => sectors.has(beneficiary.sector));
    const nearby = rng.shuffle(suitable.filter((b) => MACRO_AREA[b.region] === MACRO_AREA[supplier.region]));
    const farther = rng.shuffle(suitable.filter((b) => MACRO_AREA[b.region] !== MACRO_AREA[supplier.region]));
    const poolSize = Math.max(4, Math.round(plannedCount / 3));
    const pool: Beneficiary[] = [];
    while (pool.length < poolSize && (nearby.length > 0 || farther.length > 0)) {
      const source = nearby.length > 0 && (farther.length === 0 || rng.chance(0.7)) ? nearby : farther;
      pool.push(source.pop()!);
    }

    const naturalKeys = new Set<string>();
    for (let n = 0; n < plannedCount; n++) {
      let beneficiary = rng.pick(pool);
      let technology = supplier.technologies[0];
      let completedOn = firstDay;
      let key = '';
      for (let attempt = 0; attempt < 20; attempt++) {
        beneficiary = rng.pick(pool);
        const fitting = supplier.technologies.filter((t) => t.template.sectors.includes(beneficiary.sector));
        technology = rng.pick(fitting.length > 0 ? fitting : supplier.technologies);
        completedOn = rng.int(firstDay, lastDay);
        key = `${beneficiary.brn}|${technology.name}|${completedOn}`;
        if (!naturalKeys.has(key)) break;
      }
      if (naturalKeys.has(key)) continue;
      naturalKeys.add(key);

      const kind = rng.weighted(ACTIVITY_KIND_WEIGHTS);
      const allHazards = technology.template.hazards;
      const hazards = allHazards.length > 1 && rng.chance(0.5) ? allHazards.filter(() => rng.chance(0.6)) : [...allHazards];
      if (hazards.length === 0) hazards.push(rng.pick(allHazards));
      const maxWorkers = Math.min(60, beneficiary.employeeCount);
      const workersCovered = kind === 'TRAINING' ? rng.int(Math.min(8, maxWorkers), maxWorkers) : rng.int(3, Math.max(3, Math.min(maxWorkers, 25)));
      const hazardsRemediated =
        kind === 'PRODUCT_SUPPLY' ? rng.int(1, 3) : kind === 'ON_SITE_INSPECTION' ? rng.int(0, 5) : kind === 'CONSULTING' ? rng.int(0, 2) : rng.int(0, 1);
      const [riskLevelBefore, riskLevelAfter] = rng.chance(0.7) ? riskLevels(rng, kind) : [null, null];
      const durationDays =
        kind === 'PRODUCT_SUPPLY' ? rng.int(0, 10) : kind === 'CONSULTING' ? rng.int(0, 14) : kind === 'ON_SITE_INSPECTION' ? rng.int(0, 1) : 0;
      const outcome = rng.weighted<ActivityOutcome>([['VERIFIED', 74], ['REPORTED', 18], ['REJECTED', 8]]);
      const reportedOn = completedOn + rng.int(0, 3);

      activities.push({
        agreement,
        beneficiary,
        technology,
        kind,
        title: activityTitle(kind, technology, hazards[0], rng.pick(technology.template.places), workersCovered),
        description: rng.chance(0.6) ? rng.pick(ACTIVITY_DESCRIPTIONS[kind]) : null,
        hazards,
        workersCovered,
        hazardsRemediated,
        riskLevelBefore,
        riskLevelAfter,
        startedOn: Math.max(firstDay, completedOn - durationDays),
        completedOn,
        reportedOn,
        outcome,
        reviewedOn: reportedOn + rng.int(1, 14),
        rejectionReason: outcome === 'REJECTED' ? rng.pick(REJECTION_REASONS) : null,
      });
    }
  }
  return activities;
}

/** The last day an agreement's activities can be completed and still get reported. */
function reportingCutoff(agreement: AgreementSeed, today: Day): Day {
  const { cohort } = agreement;
  if (cohort.status === 'DRAFT') return -Infinity;
  const end = agreement.terminatedDay !== null ? agreement.terminatedDay - 4 : day(cohort.endsOn);
  return Math.min(end, today - 1);
}

/** R9's metrics, over the activities the agency verifies. */
function metricValue(metric: Metric, activities: readonly ActivitySeed[]): number {
  switch (metric) {
    case 'VERIFIED_ACTIVITIES':
      return activities.length;
    case 'DISTINCT_BENEFICIARIES':
      return new Set(activities.map((a) => a.beneficiary.brn)).size;
    case 'WORKERS_COVERED':
      return activities.reduce((sum, a) => sum + a.workersCovered, 0);
    case 'HAZARDS_REMEDIATED':
      return activities.reduce((sum, a) => sum + a.hazardsRemediated, 0);
    case 'RISK_POINTS_REDUCED':
      return activities.reduce(
        (sum, a) => sum + (a.riskLevelBefore !== null && a.riskLevelAfter !== null ? Math.max(0, a.riskLevelBefore - a.riskLevelAfter) : 0),
        0,
      );
  }
}

function evidenceFor(activity: ActivitySeed, count: number): string {
  const items = Array.from({ length: count }, (_, n) => {
    const uri =
      `s3://rbf-evidence/${activity.agreement.number}/${activity.beneficiary.brn}/` +
      `${isoDate(activity.completedOn)}-${activity.technology.model.split(' ').pop()}-${n + 1}.jpg`;
    return { kind: 'PHOTO', uri, sha256: createHash('sha256').update(uri).digest('hex') };
  });
  return JSON.stringify(items);
}

// ---------------------------------------------------------------- targets: the KPIs each supplier proposes

interface TargetSeed {
  metric: TargetMetricName;
  description: string;
  periodStart: string;
  periodEnd: string;
  baseline: number;
  targetValue: number;
  maxPayoutMillionWon: number;
  rule: PayoutRule;
  createdAt: string;
}

/**
 * Each agreement's targets, sized against the simulated (eventually verified)
 * activities: what the supplier proposes in its application and the agreement fixes.
 */
function planTargets(rng: Random, agreements: readonly AgreementSeed[], simulated: readonly ActivitySeed[]): Map<AgreementSeed, TargetSeed[]> {
  const verifiedByAgreement = new Map<AgreementSeed, ActivitySeed[]>();
  for (const activity of simulated) {
    if (activity.outcome !== 'VERIFIED') continue;
    const list = verifiedByAgreement.get(activity.agreement) ?? [];
    list.push(activity);
    verifiedByAgreement.set(activity.agreement, list);
  }
  const targets = new Map<AgreementSeed, TargetSeed[]>();
  for (const agreement of agreements) {
    const plan = rng.weighted(TARGET_PLANS);
    // Suppliers sometimes promise more outcome than the cap can pay, front-loaded on the first half
    // of the term; the cap binds at finalization (R10), so some of those payouts come out capped.
    const overPromised = rng.chance(0.3);
    const promisedMillionWon = Math.round(agreement.capMillionWon * (overPromised ? 1.1 + rng.int(0, 6) / 10 : 1));
    const weights = plan.map((t) => (t.metric === 'VERIFIED_ACTIVITIES' ? 3 : 2) * (overPromised && t.period === 'H1' ? 4 : 1));
    const totalWeight = weights.reduce((sum, w) => sum + w, 0);
    const maxPayoutsMillionWon = weights.map((w) => Math.floor((promisedMillionWon * w) / totalWeight));
    maxPayoutsMillionWon[0] += promisedMillionWon - maxPayoutsMillionWon.reduce((sum, m) => sum + m, 0);
    targets.set(
      agreement,
      plan.map(({ metric, period }, index) => {
        const [periodStart, periodEnd] =
          period === 'FULL' ? [agreement.cohort.startsOn, agreement.cohort.endsOn] : agreement.cohort.halves[period === 'H1' ? 0 : 1];
        const inPeriod = (verifiedByAgreement.get(agreement) ?? []).filter(
          (a) => a.completedOn >= day(periodStart) && a.completedOn <= day(periodEnd),
        );
        const expected = metricValue(metric, inPeriod);
        // Between a comfortable and a stretch target, so some are met and some are not.
        const stretch = 0.8 + rng.int(0, 45) / 100;
        const baseline = rng.chance(0.12) && metric !== 'VERIFIED_ACTIVITIES' ? Math.round(expected * 0.1) : 0;
        const targetValue = Math.max(baseline + 1, Math.round(expected * stretch), 3);
        return {
          metric,
          description: targetDescription(metric, periodStart, periodEnd, baseline, targetValue),
          periodStart,
          periodEnd,
          baseline,
          targetValue,
          maxPayoutMillionWon: maxPayoutsMillionWon[index],
          rule: rng.weighted(PAYOUT_RULES),
          createdAt: kstTimestamp(agreement.createdDay + rng.int(1, 2), rng),
        };
      }),
    );
  }
  return targets;
}

function targetDescription(metric: TargetMetricName, periodStart: string, periodEnd: string, baseline: number, targetValue: number): string {
  return `${targetValue} ${METRIC_DESCRIPTIONS[metric]} from ${periodStart} to ${periodEnd}` + (baseline > 0 ? ` (baseline ${baseline})` : '');
}

// ---------------------------------------------------------------- WORKSITES_IMPROVED: the KPI some suppliers add (R23)

/** What each WORKSITES_IMPROVED target can pay at most. */
const WORKSITES_MAX_PAYOUT_MILLION_WON = 12;
const WORKSITES_TARGET_RULES: readonly PayoutRule[] = [
  { kind: 'ALL_OR_NOTHING', thresholdBp: null, tiers: null },
  { kind: 'PRO_RATA', thresholdBp: 5000, tiers: null },
];

/**
 * The agreements that also promise worksites improved over the first half of
 * their term: two of the April cohort still ACTIVE, with room in the outcome
 * budget for this KPI after the targets whose periods have ended, the ones
 * with the fewest worksites in that half (KOSME assesses each of them).
 */
function pickWorksiteTargetAgreements(
  agreements: readonly AgreementSeed[],
  targets: ReadonlyMap<AgreementSeed, TargetSeed[]>,
  stored: readonly ActivitySeed[],
  today: Day,
): AgreementSeed[] {
  const cohort = COHORTS[0];
  const halfEnd = day(cohort.halves[0][1]);
  return agreements
    .filter((a) => a.cohort === cohort && cohort.status === 'ACTIVE')
    .map((agreement) => {
      const ended = targets.get(agreement)!.filter((t) => day(t.periodEnd) < today).reduce((sum, t) => sum + t.maxPayoutMillionWon, 0);
      const worksites = new Set(stored.filter((a) => a.agreement === agreement && a.completedOn <= halfEnd).map((a) => a.beneficiary)).size;
      return { agreement, room: agreement.capMillionWon - ended, worksites };
    })
    .filter((c) => c.room >= WORKSITES_MAX_PAYOUT_MILLION_WON && c.worksites >= 8)
    .sort((a, b) => a.worksites - b.worksites || a.agreement.number.localeCompare(b.agreement.number))
    .slice(0, WORKSITES_TARGET_RULES.length)
    .map((c) => c.agreement);
}

/**
 * Appends each picked agreement's WORKSITES_IMPROVED target over the first
 * half of its term, sized against the worksites the plan improves in it: the
 * first is met (all or nothing), the second falls short (pro rata).
 */
function addWorksiteTargets(targets: Map<AgreementSeed, TargetSeed[]>, picked: readonly AgreementSeed[], matching: MatchingPlan): void {
  picked.forEach((agreement, index) => {
    const improved = matching.improvedInPeriod.get(agreement) ?? 0;
    const targetValue = index === 0 ? Math.max(1, improved - Math.max(1, Math.round(improved * 0.15))) : improved + Math.max(2, Math.round(improved * 0.25));
    const [periodStart, periodEnd] = agreement.cohort.halves[0];
    const own = targets.get(agreement)!;
    own.push({
      metric: 'WORKSITES_IMPROVED',
      description: targetDescription('WORKSITES_IMPROVED', periodStart, periodEnd, 0, targetValue),
      periodStart,
      periodEnd,
      baseline: 0,
      targetValue,
      maxPayoutMillionWon: WORKSITES_MAX_PAYOUT_MILLION_WON,
      rule: WORKSITES_TARGET_RULES[index],
      createdAt: own[own.length - 1].createdAt,
    });
  });
}

// ---------------------------------------------------------------- the call, played through the services

type ProposedTarget = Pick<TargetSeed, 'metric' | 'description' | 'periodStart' | 'periodEnd' | 'baseline' | 'targetValue'>;

interface DecisionSeed {
  accept: boolean;
  note: string;
  at: string;
}

interface ApplicationSeed {
  applicant: Supplier;
  technologies: TechnologySeed[];
  planSummary: string;
  requestedBaseMillionWon: number;
  plannedBeneficiaries: number;
  serviceRegions: Region[];
  proposedTargets: ProposedTarget[];
  submittedAt: string;
  reviews: { reviewer: string; points: number[]; comment: string; at: string }[];
  /** KB's answer to the recommendation, once selected; null leaves it PENDING. */
  decision: DecisionSeed | null;
}

interface DirectRecommendationSeed {
  supplier: Supplier;
  technology: TechnologySeed;
  rationale: string;
  at: string;
  decision: DecisionSeed;
}

interface CallSeed {
  direct: DirectRecommendationSeed[];
  applications: ApplicationSeed[];
}

/** Days the reviewers work on the applications, between the deadline and the decision. */
const REVIEW_DAYS = ['2026-03-12', '2026-03-13', '2026-03-16', '2026-03-17'] as const;

/** Review totals of the 50 suppliers lie in 70..97, the others' below 70, so exactly the 50 rank within the places. */
const SELECTED_REVIEW_TOTALS = { funded: [72, 96], unfunded: [70, 84] } as const;
const UNSELECTED_REVIEW_TOTALS = { passing: [60, 69], failing: [38, 59] } as const;
/** Unselected applicants that pass the score but rank beyond the places; the rest fall below the passing score. */
const UNSELECTED_PASSING = 6;

const REVIEW_COMMENTS: readonly (readonly [number, string])[] = [
  [86, 'Commercialised and certified, with a strong field record at small worksites; the KPIs are verifiable.'],
  [78, 'Sound product and a workable plan; the beneficiary pipeline outside the home region should be confirmed.'],
  [70, 'Eligible and field-proven; the KPI plan is on the cautious side.'],
  [60, 'Eligible, but the field record at 5-49-worker worksites is thin and the schedule is tight.'],
  [0, 'The plan is not specific enough: beneficiaries and KPIs are not backed by a pipeline of worksites.'],
];

const REGION_NAME = (region: Region) => `${region.charAt(0)}${region.slice(1).toLowerCase()}`;

function hazardList(template: TechnologyTemplate): string {
  const phrases = template.hazards.map((h) => HAZARD_PHRASES[h]);
  return phrases.length > 1 ? `${phrases.slice(0, -1).join(', ')} or ${phrases[phrases.length - 1]}` : phrases[0];
}

function recommendationRationale(rng: Random, supplier: Supplier, technology: TechnologySeed): string {
  const hazards = hazardList(technology.template);
  return rng.pick([
    `${technology.model} is commercialised and already running at ${rng.int(8, 60)} worksites; it targets ${hazards} accidents at small sites.`,
    `${technology.template.short} is field-proven${technology.certification ? ` (${technology.certification})` : ''} and cheap enough to reach many 5–49-worker worksites.`,
    `Addresses ${hazards} hazards, a leading cause of fatal accidents at small worksites; the supplier has installation and training staff in ${REGION_NAME(supplier.region)}.`,
  ]);
}

/** Applications come in all through the call, more of them towards the deadline and few at weekends. */
function submissionDay(rng: Random): Day {
  const opens = day(DEMO_CALL.opensAt.slice(0, 10));
  const closes = day(DEMO_CALL.closesAt.slice(0, 10));
  const weights: [Day, number][] = [];
  for (let d = opens; d <= closes; d++) {
    const weekday = new Date(d * MS_PER_DAY).getUTCDay();
    weights.push([d, weekday === 0 || weekday === 6 ? 1 : 2 + Math.floor((d - opens) / 3) + (d === closes ? 6 : 0)]);
  }
  return rng.weighted(weights);
}

/** A review total split over the criteria (technology, field applicability, plan feasibility) within their maxima. */
function splitPoints(rng: Random, total: number): number[] {
  const [technologyMax, fieldMax, planMax] = DEMO_CALL.criteria.map((criterion) => criterion.maxPoints);
  const clamp = (value: number, min: number, max: number) => Math.min(max, Math.max(min, value));
  const technology = clamp(
    Math.round((total * technologyMax) / (technologyMax + fieldMax + planMax)) + rng.int(-3, 3),
    Math.max(0, total - fieldMax - planMax),
    Math.min(technologyMax, total),
  );
  const rest = total - technology;
  const field = clamp(Math.round(rest / 2) + rng.int(-3, 3), Math.max(0, rest - planMax), Math.min(fieldMax, rest));
  return [technology, field, rest - field];
}

/** Both reviewers' scores, near one judgement of the application and within its band. */
function reviewsFor(rng: Random, band: readonly [number, number]): ApplicationSeed['reviews'] {
  const judgement = rng.int(band[0], band[1]);
  return DEMO_CALL.reviewers.map((reviewer) => {
    const total = Math.min(band[1], Math.max(band[0], judgement + rng.int(-5, 5)));
    return {
      reviewer,
      points: splitPoints(rng, total),
      comment: REVIEW_COMMENTS.find(([min]) => total >= min)![1],
      at: kstTimestamp(day(rng.pick(REVIEW_DAYS)), rng),
    };
  });
}

function planSummary(applicant: Supplier, technologies: readonly TechnologySeed[], beneficiaries: number, regions: readonly Region[], targets: readonly ProposedTarget[]): string {
  return (
    `${applicant.name} supplies and installs ${technologies.map((t) => t.name).join(' and ')} free of charge at ${beneficiaries} ` +
    `small worksites (mostly 5–49 workers) in ${regions.map(REGION_NAME).join(', ')}, with on-site inspection, risk-assessment ` +
    `consulting (KOSHA frequency × severity) and worker training. KPIs: ${targets.map((t) => t.description).join('; ')}.`
  );
}

/** The plan of an applicant that will get no agreement: the call's typical term and KPIs. */
function genericPlan(rng: Random, applicant: Supplier): Pick<ApplicationSeed, 'requestedBaseMillionWon' | 'plannedBeneficiaries' | 'serviceRegions' | 'proposedTargets'> {
  const area = (Object.keys(MACRO_AREA) as Region[]).filter((r) => r !== applicant.region && MACRO_AREA[r] === MACRO_AREA[applicant.region]);
  const plannedBeneficiaries = rng.int(15, 40);
  const [periodStart, periodEnd] = [COHORTS[0].startsOn, COHORTS[0].endsOn];
  const activities = rng.int(45, 90);
  const proposedTargets: ProposedTarget[] = [
    { metric: 'VERIFIED_ACTIVITIES', description: targetDescription('VERIFIED_ACTIVITIES', periodStart, periodEnd, 0, activities), periodStart, periodEnd, baseline: 0, targetValue: activities },
  ];
  if (rng.chance(0.5)) {
    proposedTargets.push({
      metric: 'DISTINCT_BENEFICIARIES',
      description: targetDescription('DISTINCT_BENEFICIARIES', periodStart, periodEnd, 0, plannedBeneficiaries),
      periodStart,
      periodEnd,
      baseline: 0,
      targetValue: plannedBeneficiaries,
    });
  }
  return {
    requestedBaseMillionWon: rng.int(75, 115),
    plannedBeneficiaries,
    serviceRegions: [applicant.region, ...rng.shuffle(area).slice(0, rng.int(1, 3))].sort(),
    proposedTargets,
  };
}

/**
 * The call as it will be played: every supplier applies with one product and
 * the plan its agreement will hold (base amount, beneficiaries and regions of
 * its simulated term, its targets); the others apply with plans of their own
 * and score lower.
 * KB accepts each funded supplier's recommendation within four weeks of the
 * decision and before its agreement is made (the later terms' agreements
 * follow months later), declines one, and has not yet answered the rest.
 * Before the call, one supplier was recommended directly for its other
 * product and declined.
 */
function planCall(
  rng: Random,
  program: {
    agreements: readonly AgreementSeed[];
    unfunded: readonly Supplier[];
    unselected: readonly Supplier[];
    simulated: readonly ActivitySeed[];
    targets: ReadonlyMap<AgreementSeed, TargetSeed[]>;
  },
): CallSeed {
  const resubmitted = program.agreements.find((a) => a.cohort.status === 'ACTIVE' && a.supplier.technologies.length > 1);
  if (!resubmitted) throw new Error('demo data: no supplier with a second product to have been declined before the call');
  const declinedTechnology = resubmitted.supplier.technologies.find((t) => t !== resubmitted.technology)!;
  const direct: DirectRecommendationSeed[] = [
    {
      supplier: resubmitted.supplier,
      technology: declinedTechnology,
      rationale: recommendationRationale(rng, resubmitted.supplier, declinedTechnology),
      at: kstTimestamp(day('2026-01-14'), rng),
      decision: { accept: false, note: DECLINE_NOTES[0], at: kstTimestamp(day('2026-01-21'), rng) },
    },
  ];

  const applications: ApplicationSeed[] = [];
  const submittedAt = () => kstTimestamp(submissionDay(rng), rng);
  for (const agreement of program.agreements) {
    const { supplier } = agreement;
    const technologies = [agreement.technology];
    const planned = program.simulated.filter((a) => a.agreement === agreement);
    const serviceRegions = [...new Set([supplier.region, ...planned.map((a) => a.beneficiary.region)])].sort();
    const plannedBeneficiaries = new Set(planned.map((a) => a.beneficiary.brn)).size;
    const proposedTargets = program.targets.get(agreement)!.map(({ metric, description, periodStart, periodEnd, baseline, targetValue }) => ({
      metric, description, periodStart, periodEnd, baseline, targetValue,
    }));
    // KB works through the selected suppliers in the four weeks after the decision, each before its agreement is made.
    const firstAnswer = day(FIRST_FUNDER_ANSWER);
    const answeredOn = Math.max(firstAnswer, Math.min(agreement.createdDay - rng.int(1, 3), firstAnswer + rng.int(0, 27)));
    applications.push({
      applicant: supplier,
      technologies,
      planSummary: planSummary(supplier, technologies, plannedBeneficiaries, serviceRegions, proposedTargets),
      requestedBaseMillionWon: agreement.baseMillionWon,
      plannedBeneficiaries,
      serviceRegions,
      proposedTargets,
      submittedAt: submittedAt(),
      reviews: reviewsFor(rng, SELECTED_REVIEW_TOTALS.funded),
      decision: { accept: true, note: rng.pick(ACCEPTANCE_NOTES), at: kstTimestamp(answeredOn, rng) },
    });
  }
  program.unfunded.forEach((supplier, index) => {
    const plan = genericPlan(rng, supplier);
    const declined = index === program.unfunded.length - 1;
    const technologies = [supplier.technologies[0]];
    applications.push({
      applicant: supplier,
      technologies,
      planSummary: planSummary(supplier, technologies, plan.plannedBeneficiaries, plan.serviceRegions, plan.proposedTargets),
      ...plan,
      submittedAt: submittedAt(),
      reviews: reviewsFor(rng, SELECTED_REVIEW_TOTALS.unfunded),
      decision: declined ? { accept: false, note: DECLINE_NOTES[1], at: kstTimestamp(day('2026-04-02'), rng) } : null,
    });
  });
  program.unselected.forEach((applicant, index) => {
    const plan = genericPlan(rng, applicant);
    applications.push({
      applicant,
      technologies: applicant.technologies,
      planSummary: planSummary(applicant, applicant.technologies, plan.plannedBeneficiaries, plan.serviceRegions, plan.proposedTargets),
      ...plan,
      submittedAt: submittedAt(),
      reviews: reviewsFor(rng, index < UNSELECTED_PASSING ? UNSELECTED_REVIEW_TOTALS.passing : UNSELECTED_REVIEW_TOTALS.failing),
      decision: null,
    });
  });
  return { direct, applications };
}

/** The call's plan with the database ids phase 1 gave the enterprises and technologies. */
function demoCallPlan(programId: string, call: CallSeed): DemoCallPlan {
  const decision = (seed: DecisionSeed): DemoDecision => ({ accept: seed.accept, note: seed.note, at: new Date(seed.at) });
  return {
    programId,
    direct: call.direct.map((r) => ({
      enterpriseId: r.supplier.id,
      technologyId: r.technology.id,
      rationale: r.rationale,
      at: new Date(r.at),
      decision: decision(r.decision),
    })),
    applications: call.applications.map(
      (a): DemoApplicationPlan => ({
        applicant: { id: a.applicant.id, businessRegistrationNumber: a.applicant.brn },
        technologyIds: a.technologies.map((t) => t.id),
        planSummary: a.planSummary,
        requestedBaseAmount: BigInt(a.requestedBaseMillionWon) * 1_000_000n,
        plannedBeneficiaries: a.plannedBeneficiaries,
        serviceRegions: a.serviceRegions,
        proposedTargets: a.proposedTargets,
        submittedAt: new Date(a.submittedAt),
        reviews: a.reviews.map((r) => ({ ...r, at: new Date(r.at) })),
        decision: a.decision && decision(a.decision),
      }),
    ),
  };
}

// ---------------------------------------------------------------- phase 1: the registry (SQL)

async function insertRegistry(
  query: SeedQuery,
  enterprises: readonly EnterpriseSeed[],
  providers: readonly Supplier[],
): Promise<{ agencies: number; kosmeId: string; kbId: string; programId: string; technologies: number }> {
  // ---- agencies
  const agencyRows = await insertRows(
    query,
    'agency',
    ['code', 'name', 'kind', 'created_at'],
    AGENCIES.map((agency) => [agency.code, agency.name, agency.kind, '2025-11-03T09:00:00+09:00']),
    'id, code',
  );
  const agencyId = (code: string): string => {
    const row = agencyRows.find((r) => r.code === code);
    if (!row) throw new Error(`agency ${code} was not inserted`);
    return String(row.id);
  };
  const kosmeId = agencyId('KOSME');
  const kbId = agencyId('KB');

  // ---- the program (R15): KOSME runs it with KB's money since the MOU of 2025-12-19
  const [program] = await insertRows(
    query,
    'program',
    ['code', 'name', 'operator_id', 'funder_id', 'budget', 'starts_on', 'ends_on', 'created_by', 'created_at'],
    [[DEMO_PROGRAM.code, DEMO_PROGRAM.name, kosmeId, kbId, String(BigInt(PROGRAM_BUDGET_MILLION_WON) * 1_000_000n), DEMO_PROGRAM.startsOn,
      DEMO_PROGRAM.endsOn, 'kosme-officer-1', '2025-12-19T14:00:00+09:00']],
    'id',
  );

  // ---- enterprises
  const enterpriseRows = await insertRows(
    query,
    'enterprise',
    ['business_registration_number', 'name', 'size', 'industry_code', 'region', 'employee_count', 'created_at', 'updated_at'],
    enterprises.map((e) => [e.brn, e.name, e.size, e.industryCode, e.region, e.employeeCount, e.createdAt, e.createdAt]),
    'id, business_registration_number',
  );
  const enterpriseIds = new Map<string, string>(enterpriseRows.map((r) => [String(r.business_registration_number), String(r.id)]));
  for (const enterprise of enterprises) enterprise.id = enterpriseIds.get(enterprise.brn)!;

  // ---- safety technologies
  const technologies = providers.flatMap((supplier) => supplier.technologies.map((technology) => ({ supplier, technology })));
  const technologyRows = await insertRows(
    query,
    'safety_technology',
    ['provider_id', 'name', 'category', 'hazards', 'description', 'readiness_level', 'certification', 'created_at'],
    technologies.map(({ supplier, technology }) => [
      supplier.id,
      technology.name,
      technology.template.category,
      [...technology.template.hazards],
      technology.template.description,
      technology.readinessLevel,
      technology.certification,
      technology.createdAt,
    ]),
    'id, name',
  );
  const technologyIds = new Map<string, string>(technologyRows.map((r) => [String(r.name), String(r.id)]));
  for (const { technology } of technologies) technology.id = technologyIds.get(technology.name)!;
  return { agencies: agencyRows.length, kosmeId, kbId, programId: String(program.id), technologies: technologyRows.length };
}

// ---------------------------------------------------------------- phase 3: agreements and what followed (SQL)

async function insertAgreements(
  query: SeedQuery,
  rng: Random,
  today: Day,
  ids: { kosmeId: string; kbId: string; programId: string },
  agreements: readonly AgreementSeed[],
  stored: readonly ActivitySeed[],
  targets: ReadonlyMap<AgreementSeed, TargetSeed[]>,
  matching: MatchingPlan,
) {
  const { kosmeId, kbId, programId } = ids;
  // ---- funding agreements, each from its supplier's recommendation that KB accepted after the call
  const accepted: { id: string; enterprise_id: string }[] = await query(
    `SELECT id, enterprise_id FROM recommendation WHERE program_id = $1 AND status = 'ACCEPTED' ORDER BY id`,
    [programId],
  );
  const acceptedRecommendationIds = new Map(accepted.map((r) => [String(r.enterprise_id), String(r.id)]));
  const agreementRows = await insertRows(
    query,
    'funding_agreement',
    ['agreement_number', 'program_id', 'recommendation_id', 'funder_id', 'recipient_id', 'status', 'starts_on', 'ends_on', 'base_amount',
      'outcome_budget_cap', 'termination_reason', 'activated_at', 'completed_at', 'terminated_at', 'created_at'],
    agreements.map((a) => {
      const recommendationId = acceptedRecommendationIds.get(a.supplier.id);
      if (!recommendationId) throw new Error(`demo data: ${a.supplier.name} has no accepted recommendation for ${a.number}`);
      return [
        a.number,
        programId,
        recommendationId,
        kbId,
        a.supplier.id,
        a.cohort.status,
        a.cohort.startsOn,
        a.cohort.endsOn,
        String(BigInt(a.baseMillionWon) * 1_000_000n),
        String(BigInt(a.capMillionWon) * 1_000_000n),
        a.cohort.terminationReason ?? null,
        a.activatedAt,
        a.completedAt,
        a.terminatedAt,
        a.createdAt,
      ];
    }),
    'id, agreement_number',
  );
  const agreementIds = new Map<string, string>(agreementRows.map((r) => [String(r.agreement_number), String(r.id)]));
  for (const agreement of agreements) agreement.id = agreementIds.get(agreement.number)!;

  // ---- improvement activities (the past part of the simulated terms)
  const activityRows = stored.map((a) => {
    const reportedOn = Math.min(a.reportedOn, today);
    const reviewedInTime = a.reviewedOn <= today;
    const status: ActivityOutcome = reviewedInTime ? a.outcome : 'REPORTED';
    const reportedAt = kstTimestamp(reportedOn, rng);
    return [
      a.agreement.id,
      a.agreement.supplier.id,
      a.beneficiary.id,
      a.technology.id,
      a.kind,
      a.title,
      a.description,
      a.hazards,
      a.workersCovered,
      a.hazardsRemediated,
      a.riskLevelBefore,
      a.riskLevelAfter,
      isoDate(a.startedOn),
      isoDate(a.completedOn),
      status,
      evidenceFor(a, a.kind === 'PRODUCT_SUPPLY' ? rng.int(2, 3) : rng.int(1, 3)),
      `supplier:${a.agreement.supplier.brn}`,
      status === 'VERIFIED' ? kosmeId : null,
      status === 'VERIFIED' ? kstTimestamp(Math.max(a.reviewedOn, reportedOn + 1), rng) : null,
      status === 'REJECTED' ? a.rejectionReason : null,
      reportedAt,
    ];
  });
  await insertRows(
    query,
    'improvement_activity',
    ['agreement_id', 'provider_id', 'beneficiary_id', 'technology_id', 'kind', 'title', 'description', 'hazards_addressed',
      'workers_covered', 'hazards_remediated', 'risk_level_before', 'risk_level_after', 'started_on', 'completed_on', 'status',
      'evidence', 'reported_by', 'verified_by_id', 'verified_at', 'rejection_reason', 'created_at'],
    activityRows,
  );

  // ---- performance targets: the KPIs the supplier proposed, with the payouts KB set
  const targetRows = agreements.flatMap((agreement) =>
    targets.get(agreement)!.map((t) => [
      agreement.id,
      t.metric,
      t.description,
      t.periodStart,
      t.periodEnd,
      t.baseline,
      t.targetValue,
      String(BigInt(t.maxPayoutMillionWon) * 1_000_000n),
      t.rule.kind,
      t.rule.thresholdBp,
      t.rule.tiers === null ? null : JSON.stringify(t.rule.tiers),
      t.createdAt,
    ]),
  );
  await insertRows(
    query,
    'performance_target',
    ['agreement_id', 'metric', 'description', 'period_start', 'period_end', 'baseline', 'target_value', 'max_payout',
      'payout_rule_kind', 'payout_threshold_bp', 'payout_tiers', 'created_at'],
    targetRows,
  );

  // ---- R7 amended: every activity at a worksite matched with its agreement, most of them assessed (R22)
  await insertDemoMatches(query, matching, { programId, kosmeId });

  // ---- base grants (R6): scheduled on activation, paid in the bank's next payment run
  const bankReferenceCounters = new Map<Day, number>();
  const disbursementRows: unknown[][] = [];
  for (const agreement of agreements) {
    if (agreement.activatedDay === null || agreement.baseMillionWon <= 0) continue;
    const paymentRun = nextPaymentRun(agreement.activatedDay + BASE_GRANT_MIN_LEAD_DAYS);
    const paid = !agreement.cohort.baseGrantHeld && paymentRun <= today;
    const cancelled = !paid && agreement.terminatedDay !== null;
    let bankReference: string | null = null;
    if (paid) {
      const serial = (bankReferenceCounters.get(paymentRun) ?? 0) + 1;
      bankReferenceCounters.set(paymentRun, serial);
      bankReference = `KB-TRX-${isoDate(paymentRun).replace(/-/g, '')}-${String(serial).padStart(4, '0')}`;
    }
    disbursementRows.push([
      agreement.id,
      'BASE_GRANT',
      String(BigInt(agreement.baseMillionWon) * 1_000_000n),
      paid ? 'PAID' : cancelled ? 'CANCELLED' : 'SCHEDULED',
      agreement.activatedAt,
      paid ? kstTimestamp(paymentRun, rng) : null,
      bankReference,
      cancelled ? agreement.terminatedAt : null,
    ]);
  }
  await insertRows(
    query,
    'disbursement',
    ['agreement_id', 'kind', 'amount', 'status', 'scheduled_at', 'paid_at', 'bank_reference', 'cancelled_at'],
    disbursementRows,
  );
  return {
    fundingAgreements: agreementRows.length,
    performanceTargets: targetRows.length,
    improvementActivities: activityRows.length,
    disbursements: disbursementRows.length,
  };
}

// ---------------------------------------------------------------- the seed

/**
 * Phases 1-3 of the demo program into an empty, migrated database (see the
 * top of this file); each phase commits before the next, the call's steps one
 * transaction each, as the services make them.
 */
export async function seedDemoData(
  db: DataSource,
  config: Config,
  logger: ContextDeps['logger'],
  options: DemoDataOptions = {},
): Promise<DemoDataSummary> {
  const todayIso = options.today ?? DEFAULT_TODAY;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(todayIso) || isoDate(day(todayIso)) !== todayIso) {
    throw new Error(`seedDemoData: today must be a YYYY-MM-DD date, got "${todayIso}"`);
  }
  if (todayIso < MIN_TODAY) {
    throw new Error(`seedDemoData: the demo program's calendar runs to ${MIN_TODAY}; today must not be earlier (got ${todayIso})`);
  }
  const today = day(todayIso);
  const rng = new Random(SEED);
  const callRng = new Random(CALL_SEED);

  // ---- the plan, in memory: who applies, who is funded, what each agreement's term will bring
  const used: UsedNames = { brns: new Set(), enterprises: new Set(), technologies: new Set() };
  const suppliers = buildSuppliers(rng, used);
  const beneficiaries = buildBeneficiaries(rng, used.brns);
  const fundedSuppliers = rng.shuffle(suppliers);
  const agreementCount = COHORTS.reduce((sum, cohort) => sum + cohort.count, 0);
  const agreements = buildAgreements(rng, fundedSuppliers.slice(0, agreementCount));
  const unfunded = fundedSuppliers.slice(agreementCount);
  const simulated = simulateActivities(rng, agreements, beneficiaries);
  const targets = planTargets(rng, agreements, simulated);
  // What the demo stores: the activities completed by today that could still be reported.
  const stored = simulated.filter((a) => a.completedOn <= reportingCutoff(a.agreement, today));
  const worksiteAgreements = pickWorksiteTargetAgreements(agreements, targets, stored, today);
  const matching = planDemoMatching(new Random(MATCH_SEED), {
    today,
    beneficiaries,
    activities: stored,
    worksiteTargets: worksiteAgreements.map((agreement) => ({
      agreement,
      periodStart: day(agreement.cohort.halves[0][0]),
      periodEnd: day(agreement.cohort.halves[0][1]),
    })),
    towns: TOWNS,
  });
  addWorksiteTargets(targets, worksiteAgreements, matching);
  const unselected = buildUnselectedApplicants(callRng, used);
  const call = planCall(callRng, { agreements, unfunded, unselected, simulated, targets });

  // ---- phase 1: agencies, the program, enterprises and technologies
  const registry = await db.transaction((em) =>
    insertRegistry((sql, params) => em.query(sql, params), [...suppliers, ...beneficiaries, ...unselected], [...suppliers, ...unselected]),
  );
  // ---- phase 2: the call, through the services on the program's calendar
  const played = await playDemoCall({ db, config, logger }, demoCallPlan(registry.programId, call));
  // ---- phase 3: agreements, activities, targets and base grants
  const followed = await db.transaction((em) =>
    insertAgreements((sql, params) => em.query(sql, params), rng, today, registry, agreements, stored, targets, matching),
  );
  // ---- phase 4: the autumn's requests and matches, and the assessments behind the WORKSITES_IMPROVED targets, through the services
  const matchingStory = await playDemoMatching({ db, config, logger }, matching, registry.programId);

  const [{ recommendations, supportRequests, supplierMatches, worksiteAssessments }] = await db.query(`
    SELECT (SELECT count(*) FROM recommendation)::int AS recommendations, (SELECT count(*) FROM support_request)::int AS "supportRequests",
           (SELECT count(*) FROM supplier_match)::int AS "supplierMatches", (SELECT count(*) FROM worksite_assessment)::int AS "worksiteAssessments"`);
  const totalBaseAmount = agreements.reduce((sum, a) => sum + BigInt(a.baseMillionWon) * 1_000_000n, 0n);
  const totalOutcomeBudgetCap = agreements.reduce((sum, a) => sum + BigInt(a.capMillionWon) * 1_000_000n, 0n);
  return {
    agencies: registry.agencies,
    enterprises: suppliers.length + beneficiaries.length + unselected.length,
    safetyTechnologies: registry.technologies,
    ...played,
    recommendations,
    fundingAgreements: followed.fundingAgreements,
    performanceTargets: followed.performanceTargets,
    improvementActivities: followed.improvementActivities,
    disbursements: followed.disbursements,
    supportRequests,
    supplierMatches,
    worksiteAssessments,
    ...matchingStory,
    totalBaseAmount,
    totalOutcomeBudgetCap,
    programBudget: totalBaseAmount + totalOutcomeBudgetCap,
  };
}
