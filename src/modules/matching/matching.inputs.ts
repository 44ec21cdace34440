import { ArgsType, Field, InputType } from 'type-graphql';
import { AssessmentPhase, HazardType, MatchSide, MatchStatus, Region, SupportRequestStatus } from '../../common/enums';
import { DateScalar } from '../../common/scalars';
import { filteredPageArgs } from '../../common/page-args';
import { IdField, IntField, ListField, TextField } from '../../common/input-fields';

@InputType({ description: 'Narrows a support request list; all given conditions must hold.' })
export class SupportRequestFilter {
  @Field(() => [SupportRequestStatus], { nullable: true, description: 'Any of these statuses.' }) status?: SupportRequestStatus[] | null;
  @IdField('Program', { nullable: true, description: 'Only requests in this program.' }) programId?: string | null;
  @Field(() => [Region], { nullable: true, description: 'Worksites in any of these regions.' }) worksiteRegion?: Region[] | null;
  @Field(() => [HazardType], { nullable: true, description: 'Requests naming any of these hazards.' }) hazard?: HazardType[] | null;
}

/** R20. The program's dates, the beneficiary and the caller's right to act for it are checked in the service. */
@InputType({ description: "A beneficiary worksite's request for on-site support in a program (R20)." })
export class SubmitSupportRequestInput {
  @IdField('Program', { description: 'The program; it must be running.' }) programId!: string;
  @IdField('Enterprise', { description: 'The SME whose worksite needs support.' }) beneficiaryId!: string;
  @TextField({ min: 1, max: 200, notBlank: true, description: 'Which worksite, e.g. "Ansan plant 2"' }) worksiteName!: string;
  @Field(() => Region, { description: 'Where the worksite is.' }) worksiteRegion!: Region;
  @IntField({ min: 1, description: 'Workers at the worksite' }) workersAtWorksite!: number;
  @ListField(() => [HazardType], { of: 'hazard', min: 1, unique: true, description: 'The hazards the worksite needs help with' }) hazards!: HazardType[];
  @TextField({ max: 4000, notBlank: true, description: 'What the beneficiary needs, in its own words' }) needs!: string;
}

@InputType({ description: 'Withdraws an OPEN support request (R20); its PROPOSED matches are cancelled with it.' })
export class WithdrawSupportRequestInput {
  @IdField('SupportRequest', { description: 'The request.' }) id!: string;
  @TextField({ max: 2000, nullable: true, description: 'Why' }) reason?: string | null;
}

@InputType({ description: "An agency officer of the operator proposes a request's match with a supplier's ACTIVE agreement (R21)." })
export class ProposeSupplierMatchInput {
  @IdField('SupportRequest', { description: 'The support request.' }) requestId!: string;
  @IdField('FundingAgreement', { description: "The supplier's ACTIVE agreement in the request's program." }) agreementId!: string;
}

@InputType({ description: "A side's answer to a PROPOSED match (R21)." })
export class RespondToSupplierMatchInput {
  @IdField('SupplierMatch', { description: 'The match.' }) id!: string;
  @Field({ description: 'true accepts, false declines (with a reason).' }) accept!: boolean;
  @Field(() => MatchSide, { nullable: true, description: "Only for an agency officer recording a side's answer given outside the API; an enterprise answers for itself." })
  onBehalfOf?: MatchSide | null;
  @Field(() => DateScalar, {
    nullable: true,
    description: 'With onBehalfOf only: the day the side gave its answer, when it was given before it is recorded (not in the future, within the program\'s dates). Defaults to today.',
  })
  answeredOn?: string | null;
  @TextField({ max: 2000, nullable: true, description: 'Why it declines (required then)' }) reason?: string | null;
}

@InputType({ description: 'The operator cancels a PROPOSED or ACCEPTED match that has no activities (R21).' })
export class CancelSupplierMatchInput {
  @IdField('SupplierMatch', { description: 'The match.' }) id!: string;
  @TextField({ max: 2000, description: 'Why; a blank reason is refused (R21)' }) reason!: string;
}

@InputType({ description: "An agency officer's risk assessment of a matched worksite (R22); recording a phase again replaces it." })
export class RecordWorksiteAssessmentInput {
  @IdField('SupplierMatch', { description: 'The ACCEPTED match.' }) matchId!: string;
  @Field(() => AssessmentPhase, { description: 'BASELINE before the improvements, FOLLOW_UP after them.' }) phase!: AssessmentPhase;
  @IntField({ min: 1, max: 25, description: 'Risk level of the worksite (frequency 1-5 x severity 1-5)' }) riskLevel!: number;
  @Field(() => DateScalar, { description: "The day of the assessment: not in the future, within the program's dates." }) assessedOn!: string;
  @TextField({ max: 4000, nullable: true, description: 'What the assessor noted' }) note?: string | null;
}

/** FundingAgreement.matches' filter. */
export type MatchStatusFilter = MatchStatus[] | null;

/** The arguments of Query.supportRequests: a page and the filter. */
@ArgsType()
export class SupportRequestListArgs extends filteredPageArgs(SupportRequestFilter, 'Narrows the list.') {}
