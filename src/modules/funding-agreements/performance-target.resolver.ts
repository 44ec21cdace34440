import { Ctx, FieldResolver, ID, Resolver, Root } from 'type-graphql';
import { encodeGlobalId } from '../../common/global-id';
import type { Context } from '../../context';
import { TargetEvaluationEntity } from '../evaluations/target-evaluation.entity';
import { TargetEvaluation } from '../evaluations/target-evaluation.types';
import { FundingAgreementEntity } from './funding-agreement.entity';
import { payoutRuleOf } from './funding-agreement.service';
import { FundingAgreement } from './funding-agreement.types';
import { PerformanceTargetEntity } from './performance-target.entity';
import { PayoutRule, PerformanceTarget } from './performance-target.types';

@Resolver(() => PerformanceTarget)
export class PerformanceTargetResolver {
  @FieldResolver(() => ID, { description: 'Opaque global id.' })
  id(@Root() target: PerformanceTargetEntity): string {
    return encodeGlobalId('PerformanceTarget', target.id);
  }

  @FieldResolver(() => FundingAgreement, { description: 'The agreement this target belongs to.' })
  agreement(@Root() target: PerformanceTargetEntity, @Ctx() ctx: Context): Promise<FundingAgreementEntity | null> {
    return ctx.loaders.fundingAgreements.byId.load(target.agreementId);
  }

  @FieldResolver(() => PayoutRule, { description: 'How achievement turns into an outcome payment (R11).' })
  payoutRule(@Root() target: PerformanceTargetEntity): PayoutRule {
    return payoutRuleOf(target);
  }

  @FieldResolver(() => TargetEvaluation, { nullable: true, description: 'The finalized evaluation, else the newest draft, else null.' })
  latestEvaluation(@Root() target: PerformanceTargetEntity, @Ctx() ctx: Context): Promise<TargetEvaluationEntity | null> {
    return ctx.loaders.evaluations.latestByTarget.load(target.id);
  }

  @FieldResolver(() => [TargetEvaluation], { description: 'Every evaluation of this target, oldest first, drafts and voided ones included.' })
  evaluations(@Root() target: PerformanceTargetEntity, @Ctx() ctx: Context): Promise<TargetEvaluationEntity[]> {
    return ctx.loaders.evaluations.byTarget.load(target.id);
  }
}
