import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import { ConnectionResult } from '../../common/connection';
import { encodeGlobalId } from '../../common/global-id';
import { ForwardPageArgs } from '../../common/page-args';
import { WonScalar } from '../../common/scalars';
import type { Context } from '../../context';
import { AgencyEntity } from '../agencies/agency.entity';
import { Agency } from '../agencies/agency.types';
import { DisbursementEntity } from '../disbursements/disbursement.entity';
import { Disbursement } from '../disbursements/disbursement.types';
import { EnterpriseEntity } from '../enterprises/enterprise.entity';
import { Enterprise } from '../enterprises/enterprise.types';
import { ImprovementActivityEntity } from '../improvement-activities/improvement-activity.entity';
import { ImprovementActivityFilter } from '../improvement-activities/improvement-activity.inputs';
import { ImprovementActivityConnection } from '../improvement-activities/improvement-activity.types';
import { RecommendationEntity } from '../recommendations/recommendation.entity';
import { Recommendation } from '../recommendations/recommendation.types';
import { FundingAgreementEntity } from './funding-agreement.entity';
import { FundingAgreementFilter } from './funding-agreement.inputs';
import { listFundingAgreements } from './funding-agreement.service';
import { FundingAgreement, FundingAgreementConnection } from './funding-agreement.types';
import { PerformanceTargetEntity } from './performance-target.entity';
import { PerformanceTarget } from './performance-target.types';

@Resolver(() => FundingAgreement)
export class FundingAgreementResolver {
  @Authorized()
  @Query(() => FundingAgreementConnection, { description: 'The funding agreements the caller may see, in creation order.' })
  fundingAgreements(
    @Args() page: ForwardPageArgs,
    @Arg('filter', () => FundingAgreementFilter, { nullable: true }) filter: FundingAgreementFilter | null,
    @Ctx() ctx: Context,
  ): Promise<ConnectionResult<FundingAgreementEntity>> {
    return listFundingAgreements(ctx, { ...page, filter });
  }

  @FieldResolver(() => ID, { description: 'Opaque global id.' })
  id(@Root() agreement: FundingAgreementEntity): string {
    return encodeGlobalId('FundingAgreement', agreement.id);
  }

  @FieldResolver(() => Agency, { description: 'The financial institution that funds the agreement.' })
  funder(@Root() agreement: FundingAgreementEntity, @Ctx() ctx: Context): Promise<AgencyEntity | null> {
    return ctx.loaders.agencies.byId.load(agreement.funderId);
  }

  @FieldResolver(() => Enterprise, { description: 'The funded safety-technology provider.' })
  recipient(@Root() agreement: FundingAgreementEntity, @Ctx() ctx: Context): Promise<EnterpriseEntity | null> {
    return ctx.loaders.enterprises.byId.load(agreement.recipientId);
  }

  @FieldResolver(() => Recommendation, {
    nullable: true,
    description: 'The accepted recommendation the agreement was drafted from; null when there is none or the caller may not see it.',
  })
  async recommendation(@Root() agreement: FundingAgreementEntity, @Ctx() ctx: Context): Promise<RecommendationEntity | null> {
    return agreement.recommendationId ? ctx.loaders.recommendations.byId.load(agreement.recommendationId) : null;
  }

  @FieldResolver(() => [PerformanceTarget], { description: 'The performance targets whose achievement earns outcome payments.' })
  targets(@Root() agreement: FundingAgreementEntity, @Ctx() ctx: Context): Promise<PerformanceTargetEntity[]> {
    return ctx.loaders.fundingAgreements.targetsByAgreement.load(agreement.id);
  }

  @FieldResolver(() => ImprovementActivityConnection, { description: 'On-site improvement activities reported under this agreement, by id.' })
  activities(
    @Root() agreement: FundingAgreementEntity,
    @Args() page: ForwardPageArgs,
    @Arg('filter', () => ImprovementActivityFilter, { nullable: true }) filter: ImprovementActivityFilter | null,
    @Ctx() ctx: Context,
  ): Promise<ConnectionResult<ImprovementActivityEntity>> {
    return ctx.loaders.improvementActivities.byAgreement({ parentId: agreement.id, first: page.first, after: page.after, filter });
  }

  @FieldResolver(() => [Disbursement], { description: 'Base grant and outcome payments scheduled under this agreement.' })
  disbursements(@Root() agreement: FundingAgreementEntity, @Ctx() ctx: Context): Promise<DisbursementEntity[]> {
    return ctx.loaders.disbursements.byAgreement.load(agreement.id);
  }

  @FieldResolver(() => WonScalar, { description: "Sum of FINALIZED evaluations' payouts." })
  outcomePaymentsEarned(@Root() agreement: FundingAgreementEntity, @Ctx() ctx: Context): Promise<bigint> {
    return ctx.loaders.fundingAgreements.outcomePaymentsEarned.load(agreement.id);
  }

  @FieldResolver(() => WonScalar, { description: 'outcomeBudgetCap minus outcomePaymentsEarned.' })
  async outcomeBudgetRemaining(@Root() agreement: FundingAgreementEntity, @Ctx() ctx: Context): Promise<bigint> {
    return agreement.outcomeBudgetCap - (await ctx.loaders.fundingAgreements.outcomePaymentsEarned.load(agreement.id));
  }
}
