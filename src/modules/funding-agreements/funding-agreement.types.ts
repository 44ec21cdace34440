import { Field, ObjectType } from 'type-graphql';
import { connectionTypes } from '../../common/connection';
import { AgreementStatus } from '../../common/enums';
import { Node } from '../../common/node';
import { payloadType } from '../../common/payload';
import { DateScalar, WonScalar } from '../../common/scalars';

/** Relations and computed amounts are field resolvers in funding-agreement.resolver.ts. */
@ObjectType({
  implements: Node,
  description:
    'A funder\'s agreement with a safety-technology provider: a base grant up front and outcome payments ' +
    'for performance targets met, up to the outcome budget cap (R5, R6).',
})
export class FundingAgreement extends Node {
  @Field({ description: 'Unique agreement number, e.g. "KB-RBF-2026-001".' }) agreementNumber!: string;
  @Field(() => AgreementStatus, { description: 'Where the agreement stands in its lifecycle (R6).' }) status!: AgreementStatus;
  @Field(() => DateScalar, { description: 'First day of the term.' }) startsOn!: string;
  @Field(() => DateScalar, { description: 'Last day of the term.' }) endsOn!: string;
  @Field(() => WonScalar, { description: 'Upfront support from the funder, paid as a BASE_GRANT disbursement on activation.' })
  baseAmount!: bigint;
  @Field(() => WonScalar, { description: 'The most that outcome payments under this agreement may add up to.' })
  outcomeBudgetCap!: bigint;
  @Field({ description: 'When the agreement was drafted.' }) createdAt!: Date;
}

export const FundingAgreementConnection = connectionTypes(FundingAgreement, 'FundingAgreement');

export const FundingAgreementPayload = payloadType(FundingAgreement, 'fundingAgreement', {
  payload: 'Result of createFundingAgreement and the lifecycle mutations.',
  value: 'The agreement as saved',
});
