/**
 * The English message catalogue: every userError's text by key, formatted
 * from the arguments its builder passes. ko.ts has the same keys (the type
 * checks it) and tests/messages.test.ts checks both.
 */
const or = (values: readonly string[]) => values.join(' or ');
const listOr = (values: readonly string[]) => (values.length > 1 ? `${values.slice(0, -1).join(', ')} or ${values[values.length - 1]}` : or(values));

const AGREEMENT_WORK = {
  addTarget: 'add a target to',
  reportActivity: 'report an activity under',
  prepareEvaluation: 'prepare an evaluation under',
  finalizeEvaluation: 'finalize an evaluation under',
} as const;
export type AgreementWorkName = keyof typeof AGREEMENT_WORK;

type Term = { code: string; startsOn: string; endsOn: string };

export const en = {
  // ---- shared by every module
  'common.notFound': (noun: string) => `No ${noun} has this id`,
  'common.nulCharacter': () => 'Text may not contain the character U+0000',
  'common.idempotencyKeyInvalid': (maxLength: number) => `idempotencyKey must be 1 to ${maxLength} characters without NUL characters`,

  // ---- field validation of the inputs (class-validator decorators, see common/validation.ts)
  'validation.textLength': (field: string, min: number, max: number) => `${field} must be ${min} to ${max} characters`,
  'validation.textMaxLength': (field: string, max: number) => `${field} must be at most ${max} characters`,
  'validation.notBlank': (field: string) => `${field} must not be blank`,
  'validation.between': (field: string, min: number, max: number) => `${field} must be between ${min} and ${max}`,
  'validation.atLeast': (field: string, min: number) => `${field} must be at least ${min}`,
  'validation.atMost': (field: string, max: number) => `${field} must be at most ${max}`,
  'validation.arrayAtLeastOne': (field: string, noun: string) => `${field} must have at least one ${noun}`,
  'validation.arrayAtMost': (field: string, max: number, noun: string) => `${field} must have at most ${max} ${noun}`,
  'validation.arrayUnique': (field: string, noun: string) => `${field} must not repeat a ${noun}`,
  'validation.code': (field: string, max: number, symbols: string[], startsWithLetterOrDigit: boolean) =>
    `${field} must be 1 to ${max} letters, digits, ${listOr(symbols.map((symbol) => `"${symbol}"`))}` +
    (startsWithLetterOrDigit ? ', starting with a letter or digit' : ''),
  'validation.sha256': (field: string) => `${field} must be 64 hexadecimal characters`,
  'validation.evidenceUri': (field: string) => `${field} must be an s3:// or https:// address without spaces or control characters`,
  // class-validator's own English, for the rules declared without a message
  'validation.integer': (field: string) => `${field} must be an integer number`,
  /** Any other rule without a message of its own (its class-validator English is kept). */
  'validation.invalid': (field: string) => `${field} is not valid`,

  // ---- enterprises (R1, R2)
  'enterprise.invalidBrn': () => 'businessRegistrationNumber must be 10 digits (000-00-00000) with a valid check digit',
  'enterprise.invalidIndustryCode': () =>
    'industryCode must be a KSIC code: a section letter A-U optionally followed by 2-5 digits (e.g. C25), or 2-5 digits (e.g. 25112)',
  'enterprise.duplicateBrn': () => 'An enterprise with this business registration number is already registered',

  // ---- safety technologies (R3)
  'technology.tooMany': (limit: number) => `An enterprise may register at most ${limit} safety technologies`,

  // ---- webhooks
  'webhook.urlInvalid': () => 'url must be an absolute URL of at most 2000 characters, without spaces',
  'webhook.urlNotHttps': () => 'url must start with https:// (http:// only where WEBHOOK_ALLOW_HTTP allows it)',
  'webhook.urlCredentials': () => 'url must not carry a user name or password: receivers check the signature instead',
  'webhook.urlNotPublic': (address: string) =>
    `url leads to ${address}, a loopback, private, link-local or otherwise non-public address; webhooks are sent to public addresses only`,
  'webhook.urlUnresolvable': (host: string) => `url's host ${host} does not resolve to an address`,
  'webhook.tooManyEndpoints': (limit: number) => `An agency may register at most ${limit} webhook endpoints; disable and reuse one`,
  'webhook.endpointDisabled': () => "The delivery's endpoint is disabled; enable it first",

  // ---- recommendations (R4)
  'recommendation.technologyOfAnotherEnterprise': () => 'The technology must belong to the recommended enterprise',
  'recommendation.notPending': (status: string) => `Only a PENDING recommendation can be decided; this one is ${status}`,
  'recommendation.duplicatePending': () => 'A PENDING recommendation of this enterprise to this funder already exists; wait for its decision',

  // ---- funding agreements and targets (R5, R6)
  'agreement.endsOnNotAfterStartsOn': () => 'endsOn must be after startsOn',
  'agreement.recommendationNotAccepted': (status: string) =>
    `An agreement can be drawn up only from an ACCEPTED recommendation; this one is ${status}`,
  'agreement.terminationWithoutReason': () => 'A termination needs a reason',
  'agreement.activationWithoutTarget': () => 'An agreement needs at least one performance target before it can be activated',
  'agreement.tooManyTargets': (limit: number) => `An agreement has at most ${limit} performance targets`,
  'agreement.notInStatusFor': (action: 'activate' | 'complete' | 'terminate', current: string, from: string[]) =>
    `Cannot ${action} an agreement that is ${current}; only one that is ${or(from)}`,
  'agreement.workNotAllowed': (work: AgreementWorkName, current: string, allowed: string[]) =>
    `Cannot ${AGREEMENT_WORK[work]} an agreement that is ${current}; it must be ${or(allowed)}`,
  'agreement.duplicateNumber': () => 'An agreement with this agreementNumber already exists',
  'agreement.duplicateRecommendation': () => 'An agreement has already been drawn up from this recommendation',

  'target.baselineNegative': () => 'baseline must be at least 0',
  'target.valueNotAboveBaseline': (baseline: number) => `targetValue must be greater than baseline (${baseline})`,
  'target.periodOutsideTerm': (part: 'periodStart' | 'periodEnd', startsOn: string, endsOn: string) =>
    `${part} must lie within the agreement term (${startsOn} to ${endsOn})`,
  'target.periodEndBeforeStart': () => 'periodEnd must not be before periodStart',
  'target.ruleTakesNo': (kind: string, part: 'threshold' | 'tiers') => `A ${kind} rule takes no ${part}`,
  'target.tieredWithoutTier': () => 'A TIERED rule needs at least one tier',
  'target.tierMinAchievementNotIncreasing': () => 'Tier minAchievement must be strictly increasing',
  'target.tierShareDecreasing': () => 'Tier share must not decrease',
  'target.ratioOutOfRange': (name: string, max: number) => `${name} must be between 0 and ${max}`,
  'target.ratioDecimals': (name: string) => `${name} must have at most 4 decimals`,

  // ---- improvement activities (R7, R8)
  'activity.beneficiaryNotMatched': () =>
    'The beneficiary has no ACCEPTED match with this agreement; activities are reported only at matched worksites',
  'activity.beneficiaryMatchedLater': (completedOn: string, acceptedOn: string) =>
    `The beneficiary's match with this agreement was accepted on ${acceptedOn}, after completedOn (${completedOn}); activities count from that day`,
  'activity.riskLevelAlone': (missing: string, given: string) => `${missing} must be given together with ${given}`,
  'activity.completedBeforeStarted': () => 'completedOn must not be before startedOn',
  'activity.completedInFuture': (today: string) => `completedOn must not be in the future (today is ${today} in Korea)`,
  'activity.completedOutsideTerm': (startsOn: string, endsOn: string) => `completedOn must lie within the agreement term ${startsOn} to ${endsOn}`,
  'activity.beneficiaryIsProvider': () => "The beneficiary must be another enterprise than the provider (the agreement's recipient)",
  'activity.technologyOfAnotherProvider': () => "The technology must belong to the provider (the agreement's recipient)",
  'activity.alreadyDecided': (verb: 'verify' | 'reject', status: string) =>
    `Cannot ${verb} an activity that is ${status}; only a REPORTED one can be verified or rejected, and the decision is final`,
  'activity.duplicate': () => 'This activity is already reported: same agreement, beneficiary, technology and completion day',

  // ---- target evaluations (R9, R10, R23)
  'evaluation.targetSettled': () => 'This target already has a finalized evaluation; it cannot be evaluated again',
  'evaluation.tooMany': (limit: number) => `A target is evaluated at most ${limit} times (drafts and voided ones included)`,
  'evaluation.targetFinalized': () => 'This target already has a finalized evaluation',
  'evaluation.preparerSubjectFinalizing': () => 'Four eyes (R10): you prepared this evaluation, so someone else must finalize it',
  'evaluation.periodRunningNotAchieved': (periodEnd: string, today: string) =>
    `The target's period runs until ${periodEnd} (today is ${today} in Seoul); ` +
    'before its end an evaluation can be finalized only when the target is achieved',
  'evaluation.staleMatches': (countedThen: number, countedNow: number) =>
    `The improved worksites of the target's period changed after this evaluation was prepared ` +
    `(${countedThen} counted then, ${countedNow} now); prepare a new evaluation`,
  'evaluation.stale': (countedThen: number, countedNow: number) =>
    `The verified activities of the target's period changed after this evaluation was prepared ` +
    `(${countedThen} counted then, ${countedNow} would count now); prepare a new evaluation`,
  'evaluation.notInStatusFor': (action: 'finalize' | 'void', from: string[], current: string) =>
    `Only a ${or(from)} evaluation can be ${action === 'finalize' ? 'finalized' : 'voided'}; this one is ${current}`,

  // ---- disbursements (R12)
  'disbursement.invalidBankReference': (maxLength: number) =>
    `bankReference must be 1 to ${maxLength} characters, not counting surrounding whitespace, without control characters`,
  'disbursement.paidAtInFuture': (skewMinutes: number) => `paidAt must not be in the future (${skewMinutes} minutes of clock skew are allowed)`,
  'disbursement.paidBeforeScheduled': (scheduledAt: string, skewMinutes: number) =>
    `paidAt must not be before the disbursement was scheduled (${scheduledAt}; ${skewMinutes} minutes of clock skew are allowed)`,
  'disbursement.idempotencyKeyReusedSameOperation': () =>
    'This idempotencyKey was already used with other arguments; use a new key for a different payment',
  'disbursement.idempotencyKeyReused': (firstOperation: string) => `This idempotencyKey was already used for ${firstOperation}; use a new key`,
  'disbursement.alreadyPaid': () => 'This disbursement is already PAID',
  'disbursement.cancelled': () => 'This disbursement was CANCELLED (its agreement was terminated) and can no longer be paid',

  // ---- programs (R15)
  'program.endsOnNotAfterStartsOn': () => 'endsOn must be after startsOn',
  'program.budgetNotPositive': () => 'budget must be more than 0',
  'program.operatorNotPublicAgency': (code: string, kind: string) => `The operator must be a PUBLIC_AGENCY; ${code} is a ${kind}`,
  'program.operatorOfAnotherAgency': (own: string) =>
    `An agency officer creates programs of its own agency only (${own}); leave operatorId out or name ${own}`,
  'program.operatorRequired': () => 'Name the operating PUBLIC_AGENCY: the token names none',
  'program.funderNotFinancialInstitution': (code: string, kind: string) => `The funder must be a FINANCIAL_INSTITUTION; ${code} is a ${kind}`,
  'program.funderNotTheProgramsFunder': (programCode: string) =>
    `The program ${programCode} is funded by another funder; leave funderId out or name the program's funder`,
  'program.programRequired': () => 'Name the program (programId), or the funder (funderId) of one running program',
  'program.noRunningProgram': (funderCode: string) => `No program of ${funderCode} run by your agency is running today; name the program (programId)`,
  'program.severalRunningPrograms': (funderCode: string, count: number) =>
    `${count} programs of ${funderCode} run by your agency are running today; name the program (programId)`,
  'program.termOutsideProgram': (program: Term) => `The term must lie within the program ${program.code} (${program.startsOn} to ${program.endsOn})`,
  'program.budgetExceeded': (code: string, needed: string, remaining: string) =>
    `Activation commits ₩${needed} (base amount + outcome budget cap) but the program ${code} has ₩${remaining} left`,
  'program.duplicateCode': () => 'A program with this code already exists',

  // ---- supplier calls, applications, reviews, decisions (R16-R19)
  'call.closesAtNotAfterOpensAt': () => 'closesAt must be after opensAt',
  'call.closesAfterProgram': (code: string, endsOn: string) => `closesAt must not be after the program ${code} ends (${endsOn}, Asia/Seoul)`,
  'call.maxBaseAmountNotPositive': () => 'maxBaseAmount must be more than 0',
  'call.duplicateCriterionKey': (key: string) => `The criterion key "${key}" is used twice; keys must be unique`,
  'call.passingScoreDecimals': () => 'passingScore must have at most 2 decimals',
  'call.passingScoreOutOfRange': (maximum: number) => `passingScore must be between 0 and the criteria's total maxPoints (${maximum})`,
  'call.notOpen': (status: string) => `Applications are taken only while the call is OPEN; it is ${status}`,
  'call.withdrawNotOpen': (status: string) => `An application can be withdrawn only while the call is OPEN; it is ${status}`,
  'call.notSubmitted': (status: string) => `Only a SUBMITTED application can be changed; this one is ${status}`,
  'call.technologyOfAnotherEnterprise': (name: string) => `The technology "${name}" belongs to another enterprise, not the applicant`,
  'call.technologyNotReady': (name: string, level: number, minimum: number) =>
    `The technology "${name}" has readiness level ${level}; the call asks for at least ${minimum}`,
  'call.noEligibleHazard': (eligible: string[]) => `Together the technologies must address one of the call's eligible hazards: ${eligible.join(', ')}`,
  'call.requestAboveMaximum': (maximum: string) => `requestedBaseAmount must be more than 0 and at most the call's maxBaseAmount (₩${maximum})`,
  'call.targetPeriodOutsideProgram': (program: Term) =>
    `The period must lie within the program ${program.code} (${program.startsOn} to ${program.endsOn}), periodStart not after periodEnd`,
  'call.targetValueNotAboveBaseline': () => 'targetValue must be greater than baseline',
  'call.reviewNotClosed': (status: string) => `Reviews are made only while the call is CLOSED; it is ${status}`,
  'call.unknownCriterion': (key: string) => `The call has no criterion "${key}"`,
  'call.criterionScoredTwice': (key: string) => `The criterion "${key}" is scored twice; score each criterion once`,
  'call.criterionNotScored': (keys: string[]) => `Every criterion must be scored; missing: ${keys.join(', ')}`,
  'call.pointsOutOfRange': (key: string, maxPoints: number) => `points for "${key}" must be between 0 and ${maxPoints}`,
  'call.tooManyReviewers': (limit: number) => `An application takes at most ${limit} reviewers`,
  'call.decisionNotClosed': (status: string) => `A call is decided once, while CLOSED; it is ${status}`,
  'call.reviewsMissing': (lacking: number, required: number) =>
    `${lacking} SUBMITTED application(s) lack the ${required} review(s) each needs before the decision`,
  'call.pendingRecommendationExists': (names: string[]) =>
    `Already recommended to the program's funder and waiting for its decision: ${names.join(', ')}; the funder decides those first`,
  'call.duplicateDecisionRecommendation': () =>
    "A selected applicant was just recommended to the program's funder directly; the funder decides that first",
  'call.duplicateApplication': () => 'The applicant already has an application to this call; withdraw it before applying again',

  // ---- support requests, matches, assessments (R20-R22)
  'matching.programNotRunning': (program: Term, today: string) =>
    `The program ${program.code} runs from ${program.startsOn} to ${program.endsOn}; today is ${today}`,
  'matching.requestNotOpen': (status: string) => `Only an OPEN request can be withdrawn; this one is ${status}`,
  'matching.requestWithdrawn': () => 'The request was WITHDRAWN; it takes no matches',
  'matching.agreementNotActive': (status: string) => `Only an ACTIVE agreement's supplier can be matched; this one is ${status}`,
  'matching.agreementOfAnotherProgram': () => "The agreement belongs to another program than the request's",
  'matching.supplierIsBeneficiary': () => "The agreement's supplier is the requesting beneficiary itself",
  'matching.tooManyMatchesOfAgreement': (limit: number) => `An agreement carries at most ${limit} PROPOSED or ACCEPTED matches`,
  'matching.tooManyMatchesOfRequest': (limit: number) => `A request takes at most ${limit} matches`,
  'matching.matchNotProposed': (status: string) => `Only a PROPOSED match is answered; this one is ${status}`,
  'matching.alreadyAnswered': (side: 'beneficiary' | 'supplier', answer: string, on: string) => `The ${side} has already answered: ${answer} on ${on}`,
  'matching.declineWithoutReason': () => 'A decline needs a reason',
  'matching.onBehalfOfRequired': () => "An agency officer records a side's answer: say which side (onBehalfOf)",
  'matching.onBehalfOfForEnterprise': (field: string) =>
    `An enterprise answers for itself, today; ${field} is for an agency officer recording an answer`,
  'matching.dayInFuture': (today: string) => `The day must not be after today (${today})`,
  'matching.dayOutsideProgram': (program: Term) => `The day must lie within the program ${program.code} (${program.startsOn} to ${program.endsOn})`,
  'matching.cancelNotLive': (status: string) => `Only a PROPOSED or ACCEPTED match can be cancelled; this one is ${status}`,
  'matching.cancelWithoutReason': () => 'A cancellation needs a reason',
  'matching.cancelWithActivities': (count: number) => `The match has ${count} reported activities; it cannot be cancelled`,
  'matching.assessmentOfUnacceptedMatch': (status: string) => `Assessments are recorded for an ACCEPTED match; this one is ${status}`,
  'matching.followUpWithoutBaseline': () => 'A FOLLOW_UP needs the BASELINE first',
  'matching.followUpBeforeBaseline': (baselineOn: string) => `The FOLLOW_UP must not be dated before the BASELINE (${baselineOn})`,
  'matching.baselineAfterFollowUp': (followUpOn: string) => `The BASELINE must not be dated after the FOLLOW_UP (${followUpOn})`,
  'matching.assessmentCounted': () => 'A FINALIZED evaluation counted this match; its assessments are final',
  'matching.duplicateOpenRequest': () => 'The beneficiary already has an OPEN request for this worksite in this program',
  'matching.duplicateLiveMatch': () => "The request already has a PROPOSED or ACCEPTED match with this agreement's supplier",
} satisfies Record<string, (...args: never[]) => string>;
