import { ArgsType, Field, InputType } from 'type-graphql';
import { AgreementStatus } from '../../common/enums';
import { LIST_LIMITS } from '../../common/list-limits';
import { DateScalar, WonScalar } from '../../common/scalars';
import { PerformanceTargetInput } from './performance-target.inputs';
import { filteredPageArgs } from '../../common/page-args';
import { IdField, ListField, TextField } from '../../common/input-fields';

@InputType({ description: 'Narrows a funding agreement list; all given conditions must hold.' })
export class FundingAgreementFilter {
  @Field(() => [AgreementStatus], { nullable: true, description: 'Any of these statuses.' })
  status?: AgreementStatus[] | null;
  @IdField('Agency', { nullable: true, description: 'Only agreements of this funder (an Agency id).' })
  funderId?: string | null;
  @IdField('Enterprise', { nullable: true, description: 'Only agreements funding this enterprise (an Enterprise id).' })
  recipientId?: string | null;
  @Field(() => DateScalar, { nullable: true, description: 'Only agreements whose term includes this day.' })
  activeOn?: string | null;
  @IdField('Program', { nullable: true, description: 'Only agreements of this program (a Program id).' })
  programId?: string | null;
}

/** R5: agreementNumber 1-50 characters here; term, ids and targets in the service. Amounts are Won, so never negative. */
@InputType({ description: 'A DRAFT agreement drawn up by the funder from an ACCEPTED recommendation (R5).' })
export class CreateFundingAgreementInput {
  @IdField('Recommendation', { description: 'The ACCEPTED recommendation; funder and recipient come from it.' }) recommendationId!: string;
  @TextField({ min: 1, max: 50, description: 'Unique agreement number, e.g. "KB-RBF-2026-001"' }) agreementNumber!: string;
  @Field(() => DateScalar, { description: 'First day of the term.' }) startsOn!: string;
  @Field(() => DateScalar, { description: 'Last day of the term; after startsOn.' }) endsOn!: string;
  @Field(() => WonScalar, { description: 'Upfront support, scheduled as a BASE_GRANT disbursement on activation when > 0.' })
  baseAmount!: bigint;
  @Field(() => WonScalar, { description: 'The most that outcome payments may add up to.' }) outcomeBudgetCap!: bigint;
  @ListField(() => [PerformanceTargetInput], {
    of: 'target',
    max: LIST_LIMITS.targetsPerAgreement,
    nullable: true,
    description: 'Targets to add right away; more can be added while DRAFT',
  })
  targets?: PerformanceTargetInput[] | null;
}

@InputType({ description: 'Moves an agreement along its lifecycle (R6).' })
export class ChangeAgreementStatusInput {
  @IdField('FundingAgreement', { description: 'The agreement.' }) id!: string;
  @TextField({ max: 2000, nullable: true, description: 'Why; required to terminate' }) reason?: string | null;
}

/** The arguments of Query.fundingAgreements: a page and the filter. */
@ArgsType()
export class FundingAgreementListArgs extends filteredPageArgs(FundingAgreementFilter) {}

/** The arguments of Program.agreements: a page and the filter. */
@ArgsType()
export class ProgramAgreementArgs extends filteredPageArgs(FundingAgreementFilter, 'Narrows the list; its programId, if any, must be this program.') {}
