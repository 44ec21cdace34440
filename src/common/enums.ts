import { defineEnum, type EnumValue } from './define-enum';

/** Domain enumerations shared by several modules. Values match the CHECK constraints of the schema. */

export const AgencyKind = defineEnum(
  'AgencyKind',
  'What an agency is in the program: the ministry (MSS), a public agency (KOSME) or a funder (KB).',
  ['MINISTRY', 'PUBLIC_AGENCY', 'FINANCIAL_INSTITUTION'],
);
export type AgencyKind = EnumValue<typeof AgencyKind>;

export const Region = defineEnum('Region', 'The 17 first-level administrative divisions of Korea.', [
  'SEOUL', 'BUSAN', 'DAEGU', 'INCHEON', 'GWANGJU', 'DAEJEON', 'ULSAN', 'SEJONG', 'GYEONGGI', 'GANGWON', 'CHUNGBUK', 'CHUNGNAM', 'JEONBUK', 'JEONNAM',
  'GYEONGBUK', 'GYEONGNAM', 'JEJU',
]);
export type Region = EnumValue<typeof Region>;

export const EnterpriseSize = defineEnum('EnterpriseSize', 'Size class of an enterprise.', ['MICRO', 'SMALL', 'MEDIUM']);
export type EnterpriseSize = EnumValue<typeof EnterpriseSize>;

export const HazardType = defineEnum('HazardType', 'Kind of industrial accident a technology or activity addresses.', [
  'FALL', 'CAUGHT_IN_MACHINERY', 'STRUCK_BY', 'CONFINED_SPACE', 'FIRE_EXPLOSION', 'CHEMICAL_EXPOSURE', 'ELECTRICAL', 'ERGONOMIC', 'HEAT_STRESS',
  'VEHICLE',
]);
export type HazardType = EnumValue<typeof HazardType>;

export const SafetyTechCategory = defineEnum('SafetyTechCategory', 'Category of a safety technology.', [
  'GAS_DETECTION', 'AI_VISION', 'WEARABLE_MONITORING', 'FALL_PROTECTION', 'MACHINE_GUARDING', 'ENVIRONMENT_MONITORING', 'SAFETY_MANAGEMENT_SOFTWARE',
  'OTHER',
]);
export type SafetyTechCategory = EnumValue<typeof SafetyTechCategory>;

export const ActivityKind = defineEnum('ActivityKind', "What the safety-technology company did at the beneficiary's worksite.", [
  'PRODUCT_SUPPLY', 'ON_SITE_INSPECTION', 'CONSULTING', 'TRAINING',
]);
export type ActivityKind = EnumValue<typeof ActivityKind>;

export const RecommendationStatus = defineEnum('RecommendationStatus', "Where a recommendation stands in the funder's decision.", [
  'PENDING', 'ACCEPTED', 'DECLINED',
]);
export type RecommendationStatus = EnumValue<typeof RecommendationStatus>;

export const AgreementStatus = defineEnum('AgreementStatus', 'Lifecycle of a funding agreement (R6).', [
  'DRAFT', 'ACTIVE', 'COMPLETED', 'TERMINATED',
]);
export type AgreementStatus = EnumValue<typeof AgreementStatus>;

export const ActivityStatus = defineEnum('ActivityStatus', "An activity report's verification state (R8).", ['REPORTED', 'VERIFIED', 'REJECTED']);
export type ActivityStatus = EnumValue<typeof ActivityStatus>;

export const EvaluationStatus = defineEnum(
  'EvaluationStatus',
  'A target evaluation: prepared (DRAFT), finalized, or replaced by a newer draft (VOID).',
  ['DRAFT', 'FINALIZED', 'VOID'],
);
export type EvaluationStatus = EnumValue<typeof EvaluationStatus>;

export const DisbursementKind = defineEnum('DisbursementKind', 'Upfront base grant or results-based outcome payment.', [
  'BASE_GRANT', 'OUTCOME_PAYMENT',
]);
export type DisbursementKind = EnumValue<typeof DisbursementKind>;

export const DisbursementStatus = defineEnum('DisbursementStatus', 'Payment state of a disbursement.', ['SCHEDULED', 'PAID', 'CANCELLED']);
export type DisbursementStatus = EnumValue<typeof DisbursementStatus>;

export const TargetMetric = defineEnum('TargetMetric', 'What a performance target measures over verified activities completed in its period (R9).', {
  VERIFIED_ACTIVITIES: 'Count of verified activities completed in the period.',
  DISTINCT_BENEFICIARIES: 'Count of distinct beneficiary enterprises among them.',
  WORKERS_COVERED: 'Sum of workersCovered over them.',
  HAZARDS_REMEDIATED: 'Sum of hazardsRemediated over them.',
  RISK_POINTS_REDUCED: 'Sum of max(0, riskLevelBefore - riskLevelAfter) over them.',
  WORKSITES_IMPROVED: "Accepted matches whose follow-up assessment in the period is below the baseline (R23).",
});
export type TargetMetric = EnumValue<typeof TargetMetric>;

export const PayoutRuleKind = defineEnum('PayoutRuleKind', 'How achievement turns into an outcome payment (R11).', [
  'ALL_OR_NOTHING', 'PRO_RATA', 'TIERED',
]);
export type PayoutRuleKind = EnumValue<typeof PayoutRuleKind>;

export const SupplierCallStatus = defineEnum('SupplierCallStatus', "Where a call stands, by the database's clock to the second (R16).", {
  UPCOMING: 'Before opensAt.',
  OPEN: 'opensAt <= now < closesAt: applications are taken.',
  CLOSED: 'After closesAt: reviews, then the decision.',
  DECIDED: 'Applications are SELECTED or NOT_SELECTED; recommendations made.',
});
export type SupplierCallStatus = EnumValue<typeof SupplierCallStatus>;

export const SupplierApplicationStatus = defineEnum('SupplierApplicationStatus', 'Where an application to a call stands (R16, R19).', [
  'SUBMITTED', 'WITHDRAWN', 'SELECTED', 'NOT_SELECTED',
]);
export type SupplierApplicationStatus = EnumValue<typeof SupplierApplicationStatus>;

export const SupplierApplicationOrderField = defineEnum('SupplierApplicationOrderField', 'What applications are ordered by.', {
  SUBMITTED_AT: 'Submission time, then id.',
  SCORE: 'Score (R18, exact), unscored last in descending order; ties by earlier submission, then lower id.',
});
export type SupplierApplicationOrderField = EnumValue<typeof SupplierApplicationOrderField>;

export const SupportRequestStatus = defineEnum(
  'SupportRequestStatus',
  "A beneficiary worksite's request for support (R20): OPEN, MATCHED once a match is accepted, or WITHDRAWN.",
  ['OPEN', 'MATCHED', 'WITHDRAWN'],
);
export type SupportRequestStatus = EnumValue<typeof SupportRequestStatus>;

export const MatchStatus = defineEnum('MatchStatus', 'A match of a request with a supplier (R21): ACCEPTED once both sides accept.', [
  'PROPOSED', 'ACCEPTED', 'DECLINED', 'CANCELLED',
]);
export type MatchStatus = EnumValue<typeof MatchStatus>;

export const MatchSide = defineEnum('MatchSide', 'A side of a match, for an agency officer recording its answer.', ['SUPPLIER', 'BENEFICIARY']);
export type MatchSide = EnumValue<typeof MatchSide>;

export const AssessmentPhase = defineEnum(
  'AssessmentPhase',
  "A worksite's risk assessment before (BASELINE) or after (FOLLOW_UP) the improvements (R22).",
  ['BASELINE', 'FOLLOW_UP'],
);
export type AssessmentPhase = EnumValue<typeof AssessmentPhase>;

/**
 * What the event feed (Query.events, webhooks) reports. Each is written in the
 * transaction of the change it reports (src/db/mutation.ts, emitEvent) and
 * names the object it is about (its subject).
 */
export const EventType = defineEnum(
  'EventType',
  'A business event of the feed (Query.events and webhooks), named after what happened to its subject.',
  [
    'RECOMMENDATION_MADE', 'RECOMMENDATION_ACCEPTED', 'RECOMMENDATION_DECLINED',
    'AGREEMENT_ACTIVATED', 'AGREEMENT_COMPLETED', 'AGREEMENT_TERMINATED',
    'ACTIVITY_REPORTED', 'ACTIVITY_VERIFIED', 'ACTIVITY_REJECTED',
    'EVALUATION_FINALIZED',
    'DISBURSEMENT_SCHEDULED', 'DISBURSEMENT_PAID', 'DISBURSEMENT_CANCELLED',
    'SUPPLIER_CALL_PUBLISHED', 'SUPPLIER_APPLICATION_SUBMITTED', 'SUPPLIER_APPLICATION_WITHDRAWN', 'SUPPLIER_CALL_DECIDED',
    'SUPPORT_REQUEST_SUBMITTED', 'SUPPORT_REQUEST_WITHDRAWN',
    'SUPPLIER_MATCH_PROPOSED', 'SUPPLIER_MATCH_ACCEPTED', 'SUPPLIER_MATCH_DECLINED', 'SUPPLIER_MATCH_CANCELLED',
    'WORKSITE_ASSESSMENT_RECORDED',
  ],
);
export type EventType = EnumValue<typeof EventType>;

export const WebhookDeliveryStatus = defineEnum('WebhookDeliveryStatus', 'Where the delivery of one event to one webhook endpoint stands.', {
  PENDING: 'Not acknowledged yet: an attempt is due at nextAttemptAt (or running until then).',
  SUCCEEDED: 'The endpoint answered an attempt with a 2xx status.',
  FAILED: 'Every scheduled retry failed (over more than 24 hours); redeliverWebhookDelivery tries again.',
});
export type WebhookDeliveryStatus = EnumValue<typeof WebhookDeliveryStatus>;
