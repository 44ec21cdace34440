import { Arg, Args, Authorized, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import { CurrentPrincipal } from '../../auth/current-principal';
import { Role } from '../../auth/roles';
import type { Principal } from '../../auth/roles';
import { ConnectionResult } from '../../common/connection';
import { decodeInputIds } from '../../common/ids';
import type { MutationOutcome } from '../../common/user-error';
import type { Context } from '../../context';
import { TargetEvaluationEntity } from '../evaluations/target-evaluation.entity';
import { evaluationLoaders } from '../evaluations/target-evaluation.loaders';
import { TargetEvaluation } from '../evaluations/target-evaluation.types';
import { FundingAgreementEntity } from '../funding-agreements/funding-agreement.entity';
import { agreementLoaders } from '../funding-agreements/funding-agreement.loaders';
import { FundingAgreement } from '../funding-agreements/funding-agreement.types';
import { DisbursementEntity } from './disbursement.entity';
import { DisbursementListArgs, RecordDisbursementPaymentInput } from './disbursement.inputs';
import { listDisbursements, recordDisbursementPayment } from './disbursement.service';
import { Disbursement, DisbursementConnection, DisbursementPayload } from './disbursement.types';

@Resolver(() => Disbursement)
export class DisbursementResolver {
  @Authorized()
  @Query(() => DisbursementConnection, {
    description: "The bank back office's work queue: e.g. every SCHEDULED disbursement of its agreements, oldest first.",
  })
  disbursements(@Args() args: DisbursementListArgs, @Ctx() ctx: Context): Promise<ConnectionResult<DisbursementEntity>> {
    const filter = args.filter && decodeInputIds(args.filter, 'filter');
    return listDisbursements(ctx, { ...args, filter });
  }

  /** Only the funder's own officers: the payment record names the bank that paid (four eyes, no ADMIN). */
  @Authorized(Role.FUNDER_OFFICER)
  @Mutation(() => DisbursementPayload, {
    description:
      'Records a SCHEDULED disbursement as PAID (R12), by an officer of its funder. Idempotent per agency and idempotencyKey: ' +
      'a retry with the same key and arguments returns the first result and writes nothing.',
  })
  recordDisbursementPayment(
    @Arg('input') input: RecordDisbursementPaymentInput,
    @Ctx() ctx: Context,
    @CurrentPrincipal() principal: Principal,
  ): Promise<MutationOutcome<DisbursementEntity>> {
    return recordDisbursementPayment(ctx, principal, decodeInputIds(input));
  }

  /** Whoever sees a disbursement sees its agreement (same visibility rule). */
  @FieldResolver(() => FundingAgreement, { description: 'The agreement it is paid under.' })
  async agreement(@Root() disbursement: DisbursementEntity, @Ctx() ctx: Context): Promise<FundingAgreementEntity> {
    return (await agreementLoaders(ctx).byId.load(disbursement.agreementId))!;
  }

  @FieldResolver(() => TargetEvaluation, { nullable: true, description: 'The finalized evaluation an OUTCOME_PAYMENT pays; null for a BASE_GRANT.' })
  evaluation(@Root() disbursement: DisbursementEntity, @Ctx() ctx: Context): Promise<TargetEvaluationEntity | null> {
    return disbursement.evaluationId ? evaluationLoaders(ctx).byId.load(disbursement.evaluationId) : Promise.resolve(null);
  }
}
