import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import { ConnectionResult } from '../../common/connection';
import { encodeGlobalId } from '../../common/global-id';
import { ForwardPageArgs } from '../../common/page-args';
import type { Context } from '../../context';
import { TargetEvaluationEntity } from '../evaluations/target-evaluation.entity';
import { TargetEvaluation } from '../evaluations/target-evaluation.types';
import { FundingAgreementEntity } from '../funding-agreements/funding-agreement.entity';
import { FundingAgreement } from '../funding-agreements/funding-agreement.types';
import { DisbursementEntity } from './disbursement.entity';
import { DisbursementFilter } from './disbursement.inputs';
import { listDisbursements } from './disbursement.service';
import { Disbursement, DisbursementConnection } from './disbursement.types';

@Resolver(() => Disbursement)
export class DisbursementResolver {
  @Authorized()
  @Query(() => DisbursementConnection, {
    description: "The bank back office's work queue: e.g. every SCHEDULED disbursement of its agreements, oldest first.",
  })
  disbursements(
    @Args() page: ForwardPageArgs,
    @Arg('filter', () => DisbursementFilter, { nullable: true }) filter: DisbursementFilter | null,
    @Ctx() ctx: Context,
  ): Promise<ConnectionResult<DisbursementEntity>> {
    return listDisbursements(ctx, { ...page, filter });
  }

  @FieldResolver(() => ID)
  id(@Root() disbursement: DisbursementEntity): string {
    return encodeGlobalId('Disbursement', disbursement.id);
  }

  /** Whoever sees a disbursement sees its agreement (same visibility rule). */
  @FieldResolver(() => FundingAgreement, { description: 'The agreement it is paid under.' })
  async agreement(@Root() disbursement: DisbursementEntity, @Ctx() ctx: Context): Promise<FundingAgreementEntity> {
    return (await ctx.loaders.fundingAgreements.byId.load(disbursement.agreementId))!;
  }

  @FieldResolver(() => TargetEvaluation, { nullable: true, description: 'The finalized evaluation an OUTCOME_PAYMENT pays; null for a BASE_GRANT.' })
  evaluation(@Root() disbursement: DisbursementEntity, @Ctx() ctx: Context): Promise<TargetEvaluationEntity | null> {
    return disbursement.evaluationId ? ctx.loaders.evaluations.byId.load(disbursement.evaluationId) : Promise.resolve(null);
  }
}
