import { IsInt, Matches, ValidateNested } from 'class-validator';
import { ArgsType, Field, Float, ID, InputType, Int } from 'type-graphql';
import { filteredPageArgs } from '../../common/page-args';
import { SortDirection } from '../../common/connection';
import { HazardType, Region, SupplierApplicationOrderField, SupplierApplicationStatus, TargetMetric } from '../../common/enums';
import { LIST_LIMITS } from '../../common/list-limits';
import { DateScalar, WonScalar } from '../../common/scalars';
import { IdField, IntField, ListField, TextField } from '../../common/input-fields';
import { NodeId } from '../../common/ids';

// ---------------------------------------------------------------- calls (R16)

@InputType({ description: 'One criterion reviewers score an application on.' })
export class ReviewCriterionInput {
  @Field({ description: 'Short key reviews name it by, unique in the call: 1 to 40 letters, digits, "_" or "-".' })
  @Matches(/^[A-Za-z0-9_-]{1,40}$/, { message: 'key must be 1 to 40 letters, digits, "_" or "-"' })
  key!: string;
  @TextField({ min: 1, max: 500, description: 'What the reviewers judge' }) description!: string;
  @IntField({ min: 1, max: 100, description: 'The most points a review can give on it' }) maxPoints!: number;
}

/** R16. The program, the dates against it, unique keys and the passing score's range are checked in the service. */
@InputType({ description: "A call for supplier companies under a program (R16), published by an officer of the program's operator." })
export class PublishSupplierCallInput {
  @IdField('Program', { description: 'The program.' }) programId!: string;
  @TextField({ min: 1, max: 200, description: 'Title' }) title!: string;
  @Field(() => Date, { description: 'When applications open.' }) opensAt!: Date;
  @Field(() => Date, { description: "When applications close: after opensAt, not after the program's end. A submission at closesAt is too late." })
  closesAt!: Date;
  @IntField({ min: 1, description: 'How many applications may be selected' }) places!: number;
  @ListField(() => [HazardType], {
    of: 'hazard',
    min: 1,
    unique: true,
    description: "The hazards the call is for; an applicant's technologies together must address one of them",
  })
  eligibleHazards!: HazardType[];
  @IntField({ min: 1, max: 9, description: 'Lowest readiness level each technology must have (commercialised products: 9)' })
  minReadinessLevel!: number;
  @Field(() => WonScalar, { description: 'The most an application may request as base amount; more than 0.' }) maxBaseAmount!: bigint;
  @ListField(() => [ReviewCriterionInput], { of: ['criterion', 'criteria'], min: 1, max: LIST_LIMITS.criteriaPerCall, description: 'The criteria, with unique keys' })
  @ValidateNested({ each: true })
  criteria!: ReviewCriterionInput[];
  @IntField({ min: 1, max: LIST_LIMITS.reviewsPerApplication, description: 'Reviews every application needs before the decision' }) reviewsRequired!: number;
  @Field(() => Float, { description: "Lowest score that can be selected: 0 to the criteria's total maxPoints, at most 2 decimals." })
  passingScore!: number;
}

// ---------------------------------------------------------------- applications (R16)

@InputType({ description: 'A KPI the applicant proposes; a selected application can prefill its agreement targets with them.' })
export class ProposedTargetInput {
  @Field(() => TargetMetric, { description: 'What the target measures.' }) metric!: TargetMetric;
  @TextField({ max: 2000, nullable: true, description: 'The KPI in words' }) description?: string | null;
  @Field(() => DateScalar, { description: "First day of the period; within the program's dates." }) periodStart!: string;
  @Field(() => DateScalar, { description: "Last day of the period; within the program's dates, not before periodStart." }) periodEnd!: string;
  @IntField({ min: 0, nullable: true, description: 'Value that counts as no progress (default 0)' })
  baseline?: number | null;
  @Field(() => Int, { description: 'Value at which the target is achieved; greater than baseline.' })
  @IsInt()
  targetValue!: number;
}

/** R16. The call's state, the applicant, its technologies and the eligibility rules are checked in the service. */
@InputType({ description: 'An application to an OPEN call, by the applicant or, for a paper application, an officer of the operator (R16).' })
export class SubmitSupplierApplicationInput {
  @IdField('SupplierCall', { description: 'The call.' }) callId!: string;
  @IdField('Enterprise', { description: 'The applying enterprise.' }) applicantId!: string;
  @ListField(() => [ID], {
    of: ['technology', 'technologies'],
    min: 1,
    max: LIST_LIMITS.technologiesPerEnterprise,
    unique: true,
    description: "The applicant's technologies the plan uses",
  })
  @NodeId('SafetyTechnology')
  technologyIds!: string[];
  @TextField({ max: 4000, notBlank: true, description: 'The business plan in brief: what the applicant will supply and do, where, for whom' })
  planSummary!: string;
  @Field(() => WonScalar, { description: "The first-stage (base) amount asked for: more than 0, at most the call's maxBaseAmount." })
  requestedBaseAmount!: bigint;
  @IntField({ min: 1, description: 'How many beneficiary worksites the applicant plans to improve' }) plannedBeneficiaries!: number;
  @ListField(() => [Region], { of: 'region', min: 1, unique: true, description: 'Regions where the applicant can work on site' }) serviceRegions!: Region[];
  @ListField(() => [ProposedTargetInput], { of: 'target', min: 1, max: LIST_LIMITS.targetsPerAgreement, description: 'The KPIs the applicant proposes' })
  @ValidateNested({ each: true })
  proposedTargets!: ProposedTargetInput[];
}

@InputType({ description: 'Withdraws a SUBMITTED application while the call is OPEN (R16).' })
export class WithdrawSupplierApplicationInput {
  @IdField('SupplierApplication', { description: 'The application.' }) id!: string;
  @TextField({ max: 2000, nullable: true, description: 'Why' }) reason?: string | null;
}

@InputType({ description: 'Narrows a call\'s applications; all given conditions must hold.' })
export class SupplierApplicationFilter {
  @Field(() => [SupplierApplicationStatus], { nullable: true, description: 'Any of these statuses.' })
  status?: SupplierApplicationStatus[] | null;
  @IdField('Enterprise', { nullable: true, description: 'Only the applications of this enterprise.' })
  applicantId?: string | null;
  @Field(() => [HazardType], { nullable: true, description: 'Applications whose technologies address any of these hazards.' })
  hazard?: HazardType[] | null;
  @Field(() => [Region], { nullable: true, description: 'Applications serving any of these regions.' })
  serviceRegion?: Region[] | null;
}

@InputType({ description: 'How a call\'s applications are ordered.' })
export class SupplierApplicationOrder {
  @Field(() => SupplierApplicationOrderField, { description: 'The key.' }) field!: SupplierApplicationOrderField;
  @Field(() => SortDirection, { description: 'DESC with SCORE: best first, as R18 ranks.' }) direction!: SortDirection;
}

// ---------------------------------------------------------------- reviews (R17) and the decision (R19)

@InputType({ description: 'Points given on one criterion.' })
export class CriterionScoreInput {
  @Field({ description: "The criterion's key." }) key!: string;
  @Field(() => Int, { description: "0 to the criterion's maxPoints." })
  @IsInt()
  points!: number;
}

@InputType({ description: "A reviewer's scores of a SUBMITTED application while its call is CLOSED; reviewing again replaces the review (R17)." })
export class ReviewSupplierApplicationInput {
  @IdField('SupplierApplication', { description: 'The application.' }) applicationId!: string;
  @ListField(() => [CriterionScoreInput], { of: 'score', max: LIST_LIMITS.criteriaPerCall, description: 'A score for every criterion of the call, each exactly once' })
  @ValidateNested({ each: true })
  scores!: CriterionScoreInput[];
  @TextField({ max: 4000, nullable: true, description: 'What the reviewer wants the record to say' }) comment?: string | null;
}

@InputType({ description: 'Decides a CLOSED call whose applications all have their reviews (R19).' })
export class DecideSupplierCallInput {
  @IdField('SupplierCall', { description: 'The call.' }) id!: string;
}

/** The arguments of SupplierCall.applications: a page, the filter and the order. */
@ArgsType()
export class SupplierApplicationListArgs extends filteredPageArgs(SupplierApplicationFilter, 'Narrows the list.') {
  @Field(() => SupplierApplicationOrder, { nullable: true, description: 'Default: submission order.' }) orderBy?: SupplierApplicationOrder | null;
}
