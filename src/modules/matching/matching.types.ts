import { Field, Int, ObjectType } from 'type-graphql';
import { connectionTypes } from '../../common/connection';
import { AssessmentPhase, HazardType, MatchStatus, Region, SupportRequestStatus } from '../../common/enums';
import { Node } from '../../common/node';
import { payloadType } from '../../common/payload';
import { DateScalar } from '../../common/scalars';

/** Relations and the visibility-dependent fields are field resolvers in matching.resolver.ts. */

@ObjectType({ implements: Node, description: "A beneficiary worksite's request for on-site support in a program (R20)." })
export class SupportRequest extends Node {
  @Field({ description: 'Which worksite.' }) worksiteName!: string;
  @Field(() => Region, { description: 'Where the worksite is.' }) worksiteRegion!: Region;
  @Field(() => Int, { description: 'Workers at the worksite.' }) workersAtWorksite!: number;
  @Field(() => [HazardType], { description: 'The hazards the worksite needs help with.' }) hazards!: HazardType[];
  @Field({ description: 'What the beneficiary needs, in its own words.' }) needs!: string;
  @Field(() => SupportRequestStatus, { description: 'OPEN, MATCHED once a match is accepted, or WITHDRAWN.' }) status!: SupportRequestStatus;
  @Field({ description: 'When it was submitted.' }) submittedAt!: Date;
}

@ObjectType({ description: 'A supplier that could take a request, with the figures of its score (R20), each checkable against the data.' })
export class MatchSuggestion {
  @Field(() => [HazardType], { description: "The request's hazards that the supplier's technologies address." }) hazardsCovered!: HazardType[];
  @Field({ description: "The supplier serves the worksite's region." }) servesRegion!: boolean;
  @Field(() => Int, { description: 'VERIFIED activities the supplier has done for beneficiaries in the same KSIC section.' }) industryExperience!: number;
  @Field(() => Int, { description: 'PROPOSED or ACCEPTED matches the supplier carries now.' }) openMatches!: number;
}

@ObjectType({ description: "A worksite's risk assessment by the operator's agency (R22)." })
export class WorksiteAssessment {
  @Field(() => AssessmentPhase, { description: 'BASELINE or FOLLOW_UP.' }) phase!: AssessmentPhase;
  @Field(() => Int, { description: 'Risk level, 1 to 25 (frequency x severity).' }) riskLevel!: number;
  @Field(() => DateScalar, { description: 'The day of the assessment.' }) assessedOn!: string;
  @Field(() => String, { nullable: true, description: 'What the assessor noted.' }) note!: string | null;
}

@ObjectType({ implements: Node, description: "A match of a support request with a supplier's agreement; ACCEPTED once both sides accept (R21)." })
export class SupplierMatch extends Node {
  @Field(() => MatchStatus, { description: 'Where the match stands.' }) status!: MatchStatus;
  @Field({ description: 'When the operator proposed it.' }) proposedAt!: Date;
  @Field(() => String, { nullable: true, description: 'Why it was declined or cancelled.' }) reason!: string | null;
}

export const SupportRequestConnection = connectionTypes(SupportRequest, 'SupportRequest');
export const SupplierMatchConnection = connectionTypes(SupplierMatch, 'SupplierMatch');

export const SupportRequestPayload = payloadType(SupportRequest, 'supportRequest', {
  payload: 'Result of submitSupportRequest and withdrawSupportRequest.',
  value: 'The request as saved',
});
export const SupplierMatchPayload = payloadType(SupplierMatch, 'supplierMatch', {
  payload: 'Result of the match mutations and recordWorksiteAssessment.',
  value: 'The match as saved',
});

