import { registerEnumType } from 'type-graphql';
import { defineEnum, type EnumValue } from './define-enum';

/** Domain enumerations shared by several modules. Values match the CHECK constraints of the schema. */

export enum AgencyKind {
  MINISTRY = 'MINISTRY',
  PUBLIC_AGENCY = 'PUBLIC_AGENCY',
  FINANCIAL_INSTITUTION = 'FINANCIAL_INSTITUTION',
}
registerEnumType(AgencyKind, { name: 'AgencyKind', description: 'What an agency is in the program: the ministry (MSS), a public agency (KOSME) or a funder (KB).' });

export enum Region {
  SEOUL = 'SEOUL', BUSAN = 'BUSAN', DAEGU = 'DAEGU', INCHEON = 'INCHEON', GWANGJU = 'GWANGJU',
  DAEJEON = 'DAEJEON', ULSAN = 'ULSAN', SEJONG = 'SEJONG', GYEONGGI = 'GYEONGGI', GANGWON = 'GANGWON',
  CHUNGBUK = 'CHUNGBUK', CHUNGNAM = 'CHUNGNAM', JEONBUK = 'JEONBUK', JEONNAM = 'JEONNAM',
  GYEONGBUK = 'GYEONGBUK', GYEONGNAM = 'GYEONGNAM', JEJU = 'JEJU',
}
registerEnumType(Region, { name: 'Region', description: 'The 17 first-level administrative divisions of Korea.' });

export enum EnterpriseSize {
  MICRO = 'MICRO',
  SMALL = 'SMALL',
  MEDIUM = 'MEDIUM',
}
registerEnumType(EnterpriseSize, { name: 'EnterpriseSize', description: 'Size class of an enterprise.' });

export enum HazardType {
  FALL = 'FALL', CAUGHT_IN_MACHINERY = 'CAUGHT_IN_MACHINERY', STRUCK_BY = 'STRUCK_BY',
  CONFINED_SPACE = 'CONFINED_SPACE', FIRE_EXPLOSION = 'FIRE_EXPLOSION', CHEMICAL_EXPOSURE = 'CHEMICAL_EXPOSURE',
  ELECTRICAL = 'ELECTRICAL', ERGONOMIC = 'ERGONOMIC', HEAT_STRESS = 'HEAT_STRESS', VEHICLE = 'VEHICLE',
}
registerEnumType(HazardType, { name: 'HazardType', description: 'Kind of industrial accident a technology or activity addresses.' });

export enum SafetyTechCategory {
  GAS_DETECTION = 'GAS_DETECTION', AI_VISION = 'AI_VISION', WEARABLE_MONITORING = 'WEARABLE_MONITORING',
  FALL_PROTECTION = 'FALL_PROTECTION', MACHINE_GUARDING = 'MACHINE_GUARDING',
  ENVIRONMENT_MONITORING = 'ENVIRONMENT_MONITORING', SAFETY_MANAGEMENT_SOFTWARE = 'SAFETY_MANAGEMENT_SOFTWARE',
  OTHER = 'OTHER',
}
registerEnumType(SafetyTechCategory, { name: 'SafetyTechCategory', description: 'Category of a safety technology.' });

export enum ActivityKind {
  PRODUCT_SUPPLY = 'PRODUCT_SUPPLY',
  ON_SITE_INSPECTION = 'ON_SITE_INSPECTION',
  CONSULTING = 'CONSULTING',
  TRAINING = 'TRAINING',
}
registerEnumType(ActivityKind, { name: 'ActivityKind', description: "What the safety-technology company did at the beneficiary's worksite." });

export enum RecommendationStatus { PENDING = 'PENDING', ACCEPTED = 'ACCEPTED', DECLINED = 'DECLINED' }
registerEnumType(RecommendationStatus, { name: 'RecommendationStatus', description: "Where a recommendation stands in the funder's decision." });

export enum AgreementStatus { DRAFT = 'DRAFT', ACTIVE = 'ACTIVE', COMPLETED = 'COMPLETED', TERMINATED = 'TERMINATED' }
registerEnumType(AgreementStatus, { name: 'AgreementStatus', description: 'Lifecycle of a funding agreement (R6).' });

export enum ActivityStatus { REPORTED = 'REPORTED', VERIFIED = 'VERIFIED', REJECTED = 'REJECTED' }
registerEnumType(ActivityStatus, { name: 'ActivityStatus', description: "An activity report's verification state (R8)." });

export enum EvaluationStatus { DRAFT = 'DRAFT', FINALIZED = 'FINALIZED', VOID = 'VOID' }
registerEnumType(EvaluationStatus, { name: 'EvaluationStatus', description: 'A target evaluation: prepared (DRAFT), finalized, or replaced by a newer draft (VOID).' });

export enum DisbursementKind { BASE_GRANT = 'BASE_GRANT', OUTCOME_PAYMENT = 'OUTCOME_PAYMENT' }
registerEnumType(DisbursementKind, { name: 'DisbursementKind', description: 'Upfront base grant or results-based outcome payment.' });

export enum DisbursementStatus { SCHEDULED = 'SCHEDULED', PAID = 'PAID', CANCELLED = 'CANCELLED' }
registerEnumType(DisbursementStatus, { name: 'DisbursementStatus', description: 'Payment state of a disbursement.' });

export const TargetMetric = defineEnum('TargetMetric', 'What a performance target measures over verified activities completed in its period (R9).', {
  VERIFIED_ACTIVITIES: 'Count of verified activities completed in the period.',
  DISTINCT_BENEFICIARIES: 'Count of distinct beneficiary enterprises among them.',
  WORKERS_COVERED: 'Sum of workersCovered over them.',
  HAZARDS_REMEDIATED: 'Sum of hazardsRemediated over them.',
  RISK_POINTS_REDUCED: 'Sum of max(0, riskLevelBefore - riskLevelAfter) over them.',
  WORKSITES_IMPROVED: "Accepted matches whose follow-up assessment in the period is below the baseline (R23).",
});
export type TargetMetric = EnumValue<typeof TargetMetric>;

export enum PayoutRuleKind { ALL_OR_NOTHING = 'ALL_OR_NOTHING', PRO_RATA = 'PRO_RATA', TIERED = 'TIERED' }
registerEnumType(PayoutRuleKind, { name: 'PayoutRuleKind', description: 'How achievement turns into an outcome payment (R11).' });

export const SupplierCallStatus = defineEnum('SupplierCallStatus', "Where a call stands, by the database's clock to the second (R16).", {
  UPCOMING: 'Before opensAt.',
  OPEN: 'opensAt <= now < closesAt: applications are taken.',
  CLOSED: 'After closesAt: reviews, then the decision.',
  DECIDED: 'Applications are SELECTED or NOT_SELECTED; recommendations made.',
});
export type SupplierCallStatus = EnumValue<typeof SupplierCallStatus>;

export enum SupplierApplicationStatus { SUBMITTED = 'SUBMITTED', WITHDRAWN = 'WITHDRAWN', SELECTED = 'SELECTED', NOT_SELECTED = 'NOT_SELECTED' }
registerEnumType(SupplierApplicationStatus, { name: 'SupplierApplicationStatus', description: 'Where an application to a call stands (R16, R19).' });

export const SupplierApplicationOrderField = defineEnum('SupplierApplicationOrderField', 'What applications are ordered by.', {
  SUBMITTED_AT: 'Submission time, then id.',
  SCORE: 'Score (R18, exact), unscored last in descending order; ties by earlier submission, then lower id.',
});
export type SupplierApplicationOrderField = EnumValue<typeof SupplierApplicationOrderField>;

export enum SupportRequestStatus { OPEN = 'OPEN', MATCHED = 'MATCHED', WITHDRAWN = 'WITHDRAWN' }
registerEnumType(SupportRequestStatus, {
  name: 'SupportRequestStatus',
  description: "A beneficiary worksite's request for support (R20): OPEN, MATCHED once a match is accepted, or WITHDRAWN.",
});

export enum MatchStatus { PROPOSED = 'PROPOSED', ACCEPTED = 'ACCEPTED', DECLINED = 'DECLINED', CANCELLED = 'CANCELLED' }
registerEnumType(MatchStatus, { name: 'MatchStatus', description: 'A match of a request with a supplier (R21): ACCEPTED once both sides accept.' });

export enum MatchSide { SUPPLIER = 'SUPPLIER', BENEFICIARY = 'BENEFICIARY' }
registerEnumType(MatchSide, { name: 'MatchSide', description: 'A side of a match, for an agency officer recording its answer.' });

export enum AssessmentPhase { BASELINE = 'BASELINE', FOLLOW_UP = 'FOLLOW_UP' }
registerEnumType(AssessmentPhase, { name: 'AssessmentPhase', description: "A worksite's risk assessment before (BASELINE) or after (FOLLOW_UP) the improvements (R22)." });

/**
 * What the event feed (Query.events, webhooks) reports. Each is written in the
 * transaction of the change it reports (src/db/mutation.ts, emitEvent) and
 * names the object it is about (its subject).
 */
export enum EventType {
  RECOMMENDATION_MADE = 'RECOMMENDATION_MADE',
  RECOMMENDATION_ACCEPTED = 'RECOMMENDATION_ACCEPTED',
  RECOMMENDATION_DECLINED = 'RECOMMENDATION_DECLINED',
  AGREEMENT_ACTIVATED = 'AGREEMENT_ACTIVATED',
  AGREEMENT_COMPLETED = 'AGREEMENT_COMPLETED',
  AGREEMENT_TERMINATED = 'AGREEMENT_TERMINATED',
  ACTIVITY_REPORTED = 'ACTIVITY_REPORTED',
  ACTIVITY_VERIFIED = 'ACTIVITY_VERIFIED',
  ACTIVITY_REJECTED = 'ACTIVITY_REJECTED',
  EVALUATION_FINALIZED = 'EVALUATION_FINALIZED',
  DISBURSEMENT_SCHEDULED = 'DISBURSEMENT_SCHEDULED',
  DISBURSEMENT_PAID = 'DISBURSEMENT_PAID',
  DISBURSEMENT_CANCELLED = 'DISBURSEMENT_CANCELLED',
  SUPPLIER_CALL_PUBLISHED = 'SUPPLIER_CALL_PUBLISHED',
  SUPPLIER_APPLICATION_SUBMITTED = 'SUPPLIER_APPLICATION_SUBMITTED',
  SUPPLIER_APPLICATION_WITHDRAWN = 'SUPPLIER_APPLICATION_WITHDRAWN',
  SUPPLIER_CALL_DECIDED = 'SUPPLIER_CALL_DECIDED',
  SUPPORT_REQUEST_SUBMITTED = 'SUPPORT_REQUEST_SUBMITTED',
  SUPPORT_REQUEST_WITHDRAWN = 'SUPPORT_REQUEST_WITHDRAWN',
  SUPPLIER_MATCH_PROPOSED = 'SUPPLIER_MATCH_PROPOSED',
  SUPPLIER_MATCH_ACCEPTED = 'SUPPLIER_MATCH_ACCEPTED',
  SUPPLIER_MATCH_DECLINED = 'SUPPLIER_MATCH_DECLINED',
  SUPPLIER_MATCH_CANCELLED = 'SUPPLIER_MATCH_CANCELLED',
  WORKSITE_ASSESSMENT_RECORDED = 'WORKSITE_ASSESSMENT_RECORDED',
}
registerEnumType(EventType, {
  name: 'EventType',
  description: 'A business event of the feed (Query.events and webhooks), named after what happened to its subject.',
});

export const WebhookDeliveryStatus = defineEnum('WebhookDeliveryStatus', 'Where the delivery of one event to one webhook endpoint stands.', {
  PENDING: 'Not acknowledged yet: an attempt is due at nextAttemptAt (or running until then).',
  SUCCEEDED: 'The endpoint answered an attempt with a 2xx status.',
  FAILED: 'Every scheduled retry failed (over more than 24 hours); redeliverWebhookDelivery tries again.',
});
export type WebhookDeliveryStatus = EnumValue<typeof WebhookDeliveryStatus>;
