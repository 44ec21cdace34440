import { Extensions, Field, Float, Int, ObjectType } from 'type-graphql';
import { AgreementStatus } from '../../common/enums';
import { WonScalar } from '../../common/scalars';
import { defineEnum, type EnumValue } from '../../common/define-enum';

@ObjectType({ description: 'How many agreements have one status.' })
export class AgreementStatusCount {
  @Field(() => AgreementStatus, { description: 'The status.' }) status!: AgreementStatus;
  @Field(() => Int, { description: 'Number of agreements with it.' }) count!: number;
}

@ObjectType({
  description:
    'Program figures for BI over the funding agreements the caller may see (a funder officer: its own; an enterprise: ' +
    'those it received), narrowed to one funder by funderId. from and to are inclusive calendar days in Asia/Seoul; ' +
    "each figure says which of its records' days they are compared with. Without from/to nothing is left out by date.",
})
export class ProgramSummary {
  @Field(() => [AgreementStatusCount], {
    description:
      'Number of agreements per status, every status present (0 when none); only agreements whose term ' +
      '(startsOn..endsOn) overlaps from..to.',
  })
  @Extensions({ maxItems: Object.keys(AgreementStatus).length })
  agreementsByStatus!: AgreementStatusCount[];
  @Field(() => WonScalar, {
    description:
      'Σ baseAmount of the ACTIVE and COMPLETED agreements whose term overlaps from..to. DRAFT ones are not committed yet; ' +
      'a TERMINATED one no longer is (its unpaid base grant is cancelled, R6); what it already paid shows in disbursedPaid.',
  })
  baseAmountCommitted!: bigint;
  @Field(() => WonScalar, {
    description: 'Σ outcomeBudgetCap of the same agreements as baseAmountCommitted.',
  })
  outcomeBudgetCommitted!: bigint;
  @Field(() => WonScalar, {
    description:
      'Σ payout of FINALIZED evaluations finalized on a day (Asia/Seoul) within from..to, whatever the agreement status ' +
      'is now (earned payouts stay due after termination, R6).',
  })
  outcomePaymentsEarned!: bigint;
  @Field(() => WonScalar, {
    description: 'Σ amount of PAID disbursements, base grants and outcome payments alike, paid on a day (Asia/Seoul) within from..to.',
  })
  disbursedPaid!: bigint;
  @Field(() => Int, { description: 'Number of VERIFIED activities completed (completedOn) within from..to.' })
  activitiesVerified!: number;
  @Field(() => Int, { description: 'Number of distinct beneficiaries of those verified activities.' })
  beneficiariesReached!: number;
  @Field(() => Int, { description: 'Σ workersCovered of those verified activities.' })
  workersCovered!: number;
  @Field(() => Float, {
    nullable: true,
    description:
      'Share of FINALIZED evaluations that were achieved, 0..1; null when there are none. ' +
      'Counts the evaluations finalized on a day (Asia/Seoul) within from..to.',
  })
  targetAchievementRate!: number | null;
  @Field(() => Int, { description: 'Support requests the caller may see that are still OPEN, submitted on a day (Asia/Seoul) within from..to (R20).' })
  supportRequestsOpen!: number;
  @Field(() => Int, { description: 'ACCEPTED matches of the agreements counted here, accepted (acceptedOn) within from..to (R21).' })
  matchesAccepted!: number;
  @Field(() => Int, {
    description: 'ACCEPTED matches of the agreements counted here whose FOLLOW_UP, dated within from..to, is below the BASELINE (R22, R23).',
  })
  worksitesImproved!: number;
}

export const ActivityDimension = defineEnum('ActivityDimension', 'What activityStats groups improvement activities by.', {
  BENEFICIARY_REGION: "The beneficiary's Region.",
  HAZARD:
    'Each HazardType in hazardsAddressed: an activity counts once in the row of every hazard it addressed, ' +
    'so the rows add up to more than the activities.',
  KIND: 'The ActivityKind.',
  TECHNOLOGY_CATEGORY: "The SafetyTechCategory of the activity's technology.",
  BENEFICIARY_INDUSTRY: "The beneficiary's industryCode (KSIC), as registered.",
  COMPLETED_MONTH: 'The month of completedOn, as YYYY-MM (a calendar day in Korea, so Asia/Seoul).',
  PROVIDER: "The provider enterprise; key is the Enterprise's global id.",
});
export type ActivityDimension = EnumValue<typeof ActivityDimension>;

@ObjectType({
  description:
    'Figures over the improvement activities of one group: the activities that improvementActivities(filter) lists ' +
    '(whatever their status; pass filter.status [VERIFIED] for verified work only).',
})
export class ActivityStatsRow {
  @Field({ description: "The group's key: an enum value, an industry code, a month as YYYY-MM, or a provider's id." })
  key!: string;
  /** What the key is of; its label (a field resolver) depends on it. */
  dimension!: ActivityDimension;
  @Field(() => Int, { description: 'Number of activities in the group.' }) activities!: number;
  @Field(() => Int, { description: 'Number of distinct beneficiary enterprises among them.' }) beneficiaries!: number;
  @Field(() => Int, { description: 'Σ workersCovered over them.' }) workersCovered!: number;
  @Field(() => Int, { description: 'Σ hazardsRemediated over them.' }) hazardsRemediated!: number;
  @Field(() => Int, {
    description: 'Σ max(0, riskLevelBefore - riskLevelAfter) over those that carry both levels (as R9 counts it).',
  })
  riskPointsReduced!: number;
}
