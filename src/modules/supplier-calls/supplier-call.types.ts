import { Extensions, Field, Int, ObjectType } from 'type-graphql';
import { connectionTypes } from '../../common/connection';
import { HazardType, Region, SupplierApplicationStatus, TargetMetric } from '../../common/enums';
import { LIST_LIMITS } from '../../common/list-limits';
import { Node } from '../../common/node';
import { payloadType } from '../../common/payload';
import { DateScalar, WonScalar } from '../../common/scalars';

/** Relations, status, scores and the visibility-dependent fields are field resolvers in the module's resolvers. */

@ObjectType({ description: 'One criterion reviewers score an application on.' })
export class ReviewCriterion {
  @Field({ description: 'Short key reviews name it by.' }) key!: string;
  @Field({ description: 'What the reviewers judge.' }) description!: string;
  @Field(() => Int, { description: 'The most points a review can give on it.' }) maxPoints!: number;
}

@ObjectType({ implements: Node, description: 'A call for supplier companies under a program (R16).' })
export class SupplierCall extends Node {
  @Field({ description: 'Title of the call.' }) title!: string;
  @Field({ description: 'When applications open.' }) opensAt!: Date;
  @Field({ description: 'When applications close; a submission at closesAt is too late.' }) closesAt!: Date;
  @Field(() => Int, { description: 'How many applications may be selected.' }) places!: number;
  @Field(() => [HazardType], { description: "An applicant's technologies together must address at least one of these hazards." })
  eligibleHazards!: HazardType[];
  @Field(() => Int, { description: 'Lowest readiness level each technology in an application must have (commercialised products: 9).' })
  minReadinessLevel!: number;
  @Field(() => WonScalar, { description: 'The most an application may request as base amount.' }) maxBaseAmount!: bigint;
  @Field(() => [ReviewCriterion], { description: 'The criteria reviews score.' })
  @Extensions({ maxItems: LIST_LIMITS.criteriaPerCall })
  criteria!: ReviewCriterion[];
  @Field(() => Int, { description: 'Reviews every application needs before the call can be decided.' }) reviewsRequired!: number;
  @Field(() => Date, { nullable: true, description: 'When the call was decided; null before.' }) decidedAt!: Date | null;
  @Field({ description: 'When the call was published.' }) createdAt!: Date;
}

@ObjectType({ description: 'A KPI an applicant proposed, in the shape of a performance target without payout terms.' })
export class ProposedTarget {
  @Field(() => TargetMetric, { description: 'What the target measures.' }) metric!: TargetMetric;
  @Field(() => String, { nullable: true, description: 'The KPI in words.' }) description!: string | null;
  @Field(() => DateScalar, { description: 'First day of the period.' }) periodStart!: string;
  @Field(() => DateScalar, { description: 'Last day of the period.' }) periodEnd!: string;
  @Field(() => Int, { description: 'Value that counts as no progress.' }) baseline!: number;
  @Field(() => Int, { description: 'Value at which the target is achieved.' }) targetValue!: number;
}

@ObjectType({ implements: Node, description: "A safety-technology company's application to a call, with its business plan (R16)." })
export class SupplierApplication extends Node {
  @Field({ description: 'The business plan in brief: what the applicant will supply and do, where, for whom.' }) planSummary!: string;
  @Field(() => WonScalar, { description: 'The first-stage (base) amount asked for.' }) requestedBaseAmount!: bigint;
  @Field(() => Int, { description: 'How many beneficiary worksites the applicant plans to improve.' }) plannedBeneficiaries!: number;
  @Field(() => [Region], { description: 'Regions where the applicant can work on site.' }) serviceRegions!: Region[];
  @Field(() => [ProposedTarget], { description: 'The KPIs the applicant proposes; an agreement can be prefilled from them.' })
  @Extensions({ maxItems: LIST_LIMITS.targetsPerAgreement })
  proposedTargets!: ProposedTarget[];
  @Field(() => SupplierApplicationStatus, { description: 'Where the application stands.' }) status!: SupplierApplicationStatus;
  @Field({ description: 'When it was submitted.' }) submittedAt!: Date;
}

@ObjectType({ description: 'Points given on one criterion.' })
export class CriterionScore {
  @Field({ description: "The criterion's key." }) key!: string;
  @Field(() => Int, { description: 'The points.' }) points!: number;
}

@ObjectType({ implements: Node, description: "An agency reviewer's scores of an application (R17). Agency officers and ADMIN only." })
export class ApplicationReview extends Node {
  @Field({ description: "The reviewer's token subject." }) reviewerSubject!: string;
  @Field(() => [CriterionScore], { description: 'Points per criterion, in the order of the call\'s criteria.' })
  @Extensions({ maxItems: LIST_LIMITS.criteriaPerCall })
  scores!: CriterionScore[];
  @Field(() => Int, { description: 'Sum of the scores.' }) total!: number;
  @Field(() => String, { nullable: true, description: "The reviewer's comment." }) comment!: string | null;
  @Field({ description: 'When the review (or its latest replacement) was submitted.' }) submittedAt!: Date;
}

export const SupplierCallConnection = connectionTypes(SupplierCall, 'SupplierCall');
export const SupplierApplicationConnection = connectionTypes(SupplierApplication, 'SupplierApplication');

export const SupplierCallPayload = payloadType(SupplierCall, 'supplierCall', {
  payload: 'Result of publishSupplierCall and decideSupplierCall.',
  value: 'The call as saved',
});
export const SupplierApplicationPayload = payloadType(SupplierApplication, 'supplierApplication', {
  payload: 'Result of submitSupplierApplication and withdrawSupplierApplication.',
  value: 'The application as saved',
});
export const ApplicationReviewPayload = payloadType(ApplicationReview, 'applicationReview', {
  payload: 'Result of reviewSupplierApplication.',
  value: 'The review as saved',
});
