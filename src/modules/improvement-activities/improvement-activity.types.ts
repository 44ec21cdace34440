import { Extensions, Field, Int, ObjectType } from 'type-graphql';
import { connectionTypes } from '../../common/connection';
import { ActivityKind, ActivityStatus, HazardType } from '../../common/enums';
import { Node } from '../../common/node';
import { payloadType } from '../../common/payload';
import { DateScalar } from '../../common/scalars';
import { LIST_LIMITS } from '../../common/list-limits';

@ObjectType({ description: 'A reference to a piece of evidence behind an activity report (a photo, a signed record, ...).' })
export class EvidenceRef {
  @Field({ description: 'What the evidence is, e.g. "PHOTO".' }) kind!: string;
  @Field({ description: 'Where the evidence file is stored.' }) uri!: string;
  @Field(() => String, { nullable: true, description: 'SHA-256 of the file in hex, when the reporter gave one.' })
  sha256?: string | null;
}

@ObjectType({
  implements: Node,
  description: "An on-site safety improvement that a funded provider carried out at a beneficiary SME's worksite (R7, R8).",
})
export class ImprovementActivity extends Node {
  @Field(() => ActivityKind, { description: "What the provider did at the beneficiary's worksite." }) kind!: ActivityKind;
  @Field({ description: 'Short title of the activity.' }) title!: string;
  @Field(() => String, { nullable: true, description: 'Free-text account of the activity.' }) description!: string | null;
  @Field(() => [HazardType], { description: 'The hazards the activity addressed; at least one.' })
  hazardsAddressed!: HazardType[];
  @Field(() => Int, { description: 'Number of workers at the worksite the activity covered.' }) workersCovered!: number;
  @Field(() => Int, { description: 'Number of hazards the activity remediated.' }) hazardsRemediated!: number;
  @Field(() => Int, {
    nullable: true,
    description: 'Risk-assessment level of the worst hazard before the activity: frequency (1-5) x severity (1-5).',
  })
  riskLevelBefore!: number | null;
  @Field(() => Int, { nullable: true, description: 'The same after the activity.' }) riskLevelAfter!: number | null;
  @Field(() => DateScalar, { description: 'First day of the activity.' }) startedOn!: string;
  @Field(() => DateScalar, { description: 'Day the activity was completed; decides which target period it counts for.' })
  completedOn!: string;
  @Field(() => ActivityStatus, { description: 'Whether the agency has verified or rejected the report (R8).' })
  status!: ActivityStatus;
  @Field(() => [EvidenceRef], { description: 'Evidence the reporter attached, as stored.' })
  @Extensions({ maxItems: LIST_LIMITS.evidencePerActivity })
  evidence!: EvidenceRef[];
  @Field(() => Date, { nullable: true, description: 'When the agency verified the activity; null unless VERIFIED.' })
  verifiedAt!: Date | null;
  @Field(() => String, { nullable: true, description: 'Why the agency rejected the report; null unless REJECTED.' })
  rejectionReason!: string | null;
  @Field({ description: 'When the activity was reported.' }) createdAt!: Date;
}

export const ImprovementActivityConnection = connectionTypes(ImprovementActivity, 'ImprovementActivity');

export const ImprovementActivityPayload = payloadType(ImprovementActivity, 'improvementActivity', {
  payload: 'Result of reportImprovementActivity, verifyImprovementActivity and rejectImprovementActivity.',
  value: 'The activity as saved',
});
