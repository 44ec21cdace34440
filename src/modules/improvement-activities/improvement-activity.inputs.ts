import { IsOptional, Matches, ValidateNested } from 'class-validator';
import { ArgsType, Field, InputType } from 'type-graphql';
import { SortDirection } from '../../common/connection';
import { ActivityKind, ActivityStatus, HazardType, Region } from '../../common/enums';
import { LIST_LIMITS } from '../../common/list-limits';
import { DateScalar } from '../../common/scalars';
import { defineEnum, type EnumValue } from '../../common/define-enum';
import { filteredPageArgs } from '../../common/page-args';
import { IdField, IntField, ListField, TextField } from '../../common/input-fields';

export const ActivityOrderField = defineEnum('ActivityOrderField', 'What improvement activities can be sorted by.', [
  'COMPLETED_ON', 'CREATED_AT', 'WORKERS_COVERED',
]);
export type ActivityOrderField = EnumValue<typeof ActivityOrderField>;

@InputType({ description: 'Order of an improvement activity list; ties are broken by id.' })
export class ImprovementActivityOrder {
  @Field(() => ActivityOrderField, { description: 'Sort key.' }) field!: ActivityOrderField;
  @Field(() => SortDirection, { description: 'Sort direction.' }) direction!: SortDirection;
}

@InputType({ description: 'Narrows an improvement activity list; all given conditions must hold.' })
export class ImprovementActivityFilter {
  @Field(() => [ActivityStatus], { nullable: true, description: 'Any of these statuses.' }) status?: ActivityStatus[] | null;
  @IdField('FundingAgreement', { nullable: true, description: 'Only activities under this funding agreement.' }) agreementId?: string | null;
  @IdField('Enterprise', { nullable: true, description: 'Only activities this enterprise carried out.' }) providerId?: string | null;
  @IdField('Enterprise', { nullable: true, description: 'Only activities at this enterprise.' }) beneficiaryId?: string | null;
  @Field(() => [Region], { nullable: true, description: 'Only activities at beneficiaries in any of these regions.' })
  beneficiaryRegion?: Region[] | null;
  @Field(() => [HazardType], { nullable: true, description: 'Only activities that addressed any of these hazards.' })
  hazard?: HazardType[] | null;
  @Field(() => [ActivityKind], { nullable: true, description: 'Any of these kinds.' }) kind?: ActivityKind[] | null;
  @Field(() => DateScalar, { nullable: true, description: 'Only activities completed on or after this day.' })
  completedFrom?: string | null;
  @Field(() => DateScalar, { nullable: true, description: 'Only activities completed on or before this day.' })
  completedTo?: string | null;
}

/** Upper bound on the counts of one activity: far above any real worksite, low enough to catch typos. */
const MAX_COUNT = 100_000;

/**
 * Where evidence may be stored: the program's object storage (s3://) or an
 * https:// address. Officers open these links while verifying, so javascript:,
 * data:, file: and plain http: addresses are refused.
 */
const EVIDENCE_URI = /^(https|s3):\/\/[^\s\p{Cc}]+$/iu;

/** R7: the shape of one evidence reference; sha256 is lower-cased by the service. */
@InputType({ description: 'A reference to a piece of evidence behind an activity report.' })
export class EvidenceRefInput {
  @TextField({ min: 1, max: 50, description: 'What the evidence is, e.g. "PHOTO"' }) kind!: string;
  @TextField({ min: 1, max: 2000, description: 'Where the evidence file is stored: an s3:// or https:// address' })
  @Matches(EVIDENCE_URI, { message: 'uri must be an s3:// or https:// address without spaces or control characters' })
  uri!: string;
  @Field(() => String, { nullable: true, description: 'SHA-256 of the file: 64 hexadecimal characters.' })
  @IsOptional()
  @Matches(/^[0-9a-fA-F]{64}$/, { message: 'sha256 must be 64 hexadecimal characters' })
  sha256?: string | null;
}

/**
 * R7, the rules that need no database: counts, risk levels, hazards, text sizes,
 * evidence. The agreement, beneficiary, technology and dates against the term
 * are checked in the service.
 */
@InputType({ description: 'An on-site improvement activity carried out under an ACTIVE funding agreement (R7).' })
export class ReportImprovementActivityInput {
  @IdField('FundingAgreement', { description: 'The ACTIVE agreement the activity was carried out under; its recipient is the provider.' })
  agreementId!: string;
  @IdField('Enterprise', { description: 'The SME whose worksite was improved; not the provider itself.' }) beneficiaryId!: string;
  @IdField('SafetyTechnology', { description: 'The technology used; it must belong to the provider.' }) technologyId!: string;
  @Field(() => ActivityKind, { description: "What the provider did at the beneficiary's worksite." }) kind!: ActivityKind;
  @TextField({ min: 1, max: 200, notBlank: true, description: 'Short title' }) title!: string;
  @TextField({ max: 4000, nullable: true, description: 'Free-text account of the activity' }) description?: string | null;
  @ListField(() => [HazardType], { of: 'hazard', min: 1, unique: true, description: 'The hazards the activity addressed' }) hazardsAddressed!: HazardType[];
  @IntField({ min: 0, cap: MAX_COUNT, description: 'Number of workers at the worksite the activity covered' }) workersCovered!: number;
  @IntField({ min: 0, cap: MAX_COUNT, description: 'Number of hazards the activity remediated' }) hazardsRemediated!: number;
  @IntField({ min: 1, max: 25, nullable: true, description: 'Risk level before (frequency x severity); given together with riskLevelAfter' })
  riskLevelBefore?: number | null;
  @IntField({ min: 1, max: 25, nullable: true, description: 'Risk level after; given together with riskLevelBefore' })
  riskLevelAfter?: number | null;
  @Field(() => DateScalar, { description: 'First day of the activity; not after completedOn.' }) startedOn!: string;
  @Field(() => DateScalar, { description: 'Day of completion: within the agreement term and not in the future.' })
  completedOn!: string;
  @ListField(() => [EvidenceRefInput], { of: 'reference', max: LIST_LIMITS.evidencePerActivity, nullable: true, description: 'Evidence behind the report' })
  @ValidateNested({ each: true })
  evidence?: EvidenceRefInput[] | null;
}

@InputType({ description: 'The activity to verify (R8).' })
export class VerifyImprovementActivityInput {
  @IdField('ImprovementActivity', { description: 'A REPORTED improvement activity.' }) id!: string;
}

@InputType({ description: 'The activity to reject, and why (R8).' })
export class RejectImprovementActivityInput {
  @IdField('ImprovementActivity', { description: 'A REPORTED improvement activity.' }) id!: string;
  @TextField({ max: 2000, notBlank: true, description: 'Why the report is rejected' }) reason!: string;
}

/** A page of activities and the filter (an enterprise's activitiesProvided and activitiesReceived). */
@ArgsType()
export class ActivityPageArgs extends filteredPageArgs(ImprovementActivityFilter) {}

/** The arguments of Query.improvementActivities: a page, the filter and the order. */
@ArgsType()
export class ImprovementActivityListArgs extends ActivityPageArgs {
  @Field(() => ImprovementActivityOrder, { nullable: true }) orderBy?: ImprovementActivityOrder | null;
}
