import { Arg, Authorized, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';
import { Role } from '../../auth/roles';
import { encodeGlobalId } from '../../common/global-id';
import type { Context } from '../../context';
import { TargetEvaluationEntity } from '../evaluations/target-evaluation.entity';
import { TargetEvaluation } from '../evaluations/target-evaluation.types';
import { FundingAgreementEntity } from './funding-agreement.entity';
import { payoutRuleOf } from './funding-agreement.service';
import { FundingAgreement } from './funding-agreement.types';
import { PerformanceTargetEntity } from './performance-target.entity';
import { AddPerformanceTargetInput } from './performance-target.inputs';
import { addPerformanceTarget } from './performance-target.service';
import { PayoutRule, PerformanceTarget, PerformanceTargetPayload } from './performance-target.types';

@Resolver(() => PerformanceTarget)
export class PerformanceTargetResolver {
  @Authorized(Role.ADMIN, Role.FUNDER_OFFICER)
  @Mutation(() => PerformanceTargetPayload, { description: 'The funder adds a target to its DRAFT agreement (R5, R11).' })
  async addPerformanceTarget(@Arg('input') input: AddPerformanceTargetInput, @Ctx() ctx: Context): Promise<PerformanceTargetPayload> {
    const { value, userErrors } = await addPerformanceTarget(ctx, input);
    return { performanceTarget: value, userErrors };
  }

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
