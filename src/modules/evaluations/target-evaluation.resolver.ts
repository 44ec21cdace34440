import { Arg, Args, Authorized, Ctx, FieldResolver, Float, ID, Int, Query, Resolver, Root } from 'type-graphql';
import { ConnectionResult } from '../../common/connection';
import { encodeGlobalId } from '../../common/global-id';
import { ForwardPageArgs } from '../../common/page-args';
import type { Context } from '../../context';
import { AgencyEntity } from '../agencies/agency.entity';
import { Agency } from '../agencies/agency.types';
import { DisbursementEntity } from '../disbursements/disbursement.entity';
import { Disbursement } from '../disbursements/disbursement.types';
import { PerformanceTargetEntity } from '../funding-agreements/performance-target.entity';
import { PerformanceTarget } from '../funding-agreements/performance-target.types';
import { ImprovementActivityEntity } from '../improvement-activities/improvement-activity.entity';
import { ImprovementActivityConnection } from '../improvement-activities/improvement-activity.types';
import { TargetEvaluationEntity } from './target-evaluation.entity';
import { TargetEvaluationFilter } from './target-evaluation.inputs';
import { achievementRatio, listTargetEvaluations } from './target-evaluation.service';
import { TargetEvaluation, TargetEvaluationConnection } from './target-evaluation.types';

@Resolver(() => TargetEvaluation)
export class TargetEvaluationResolver {
  @Authorized()
  @Query(() => TargetEvaluationConnection, { description: 'Evaluations of the performance targets the caller may see, oldest first.' })
  targetEvaluations(
    @Args() page: ForwardPageArgs,
    @Arg('filter', () => TargetEvaluationFilter, { nullable: true }) filter: TargetEvaluationFilter | null,
    @Ctx() ctx: Context,
  ): Promise<ConnectionResult<TargetEvaluationEntity>> {
    return listTargetEvaluations(ctx, { ...page, filter });
  }

  @FieldResolver(() => ID)
  id(@Root() evaluation: TargetEvaluationEntity): string {
    return encodeGlobalId('TargetEvaluation', evaluation.id);
  }

  @FieldResolver(() => PerformanceTarget, { description: 'The evaluated performance target.' })
  target(@Root() evaluation: TargetEvaluationEntity, @Ctx() ctx: Context): Promise<PerformanceTargetEntity> {
    return loadTarget(evaluation, ctx);
  }

  @FieldResolver(() => Int, { description: "Value of the target's metric over verified activities completed in its period." })
  actualValue(@Root() evaluation: TargetEvaluationEntity): number {
    return Number(evaluation.actualValue);
  }

  @FieldResolver(() => Float, { description: '(actualValue - baseline) / (targetValue - baseline), at least 0.' })
  async achievementRatio(@Root() evaluation: TargetEvaluationEntity, @Ctx() ctx: Context): Promise<number> {
    return achievementRatio(evaluation.actualValue, await loadTarget(evaluation, ctx));
  }

  @FieldResolver(() => ImprovementActivityConnection, { description: 'Exactly the activities that produced actualValue.' })
  countedActivities(
    @Root() evaluation: TargetEvaluationEntity,
    @Args() { first, after }: ForwardPageArgs,
    @Ctx() ctx: Context,
  ): Promise<ConnectionResult<ImprovementActivityEntity>> {
    return ctx.loaders.improvementActivities.countedByEvaluation({ parentId: evaluation.id, first, after });
  }

  @FieldResolver(() => Agency, { description: 'The agency that prepared the evaluation.' })
  async preparedBy(@Root() evaluation: TargetEvaluationEntity, @Ctx() ctx: Context): Promise<AgencyEntity> {
    return (await ctx.loaders.agencies.byId.load(evaluation.preparedById))!;
  }

  @FieldResolver(() => Disbursement, { nullable: true, description: 'The outcome payment scheduled on finalization; null when none.' })
  disbursement(@Root() evaluation: TargetEvaluationEntity, @Ctx() ctx: Context): Promise<DisbursementEntity | null> {
    return ctx.loaders.disbursements.byEvaluation.load(evaluation.id);
  }
}

/** Whoever sees an evaluation sees its target (both follow the agreement's visibility). */
async function loadTarget(evaluation: TargetEvaluationEntity, ctx: Context): Promise<PerformanceTargetEntity> {
  return (await ctx.loaders.fundingAgreements.targetById.load(evaluation.targetId))!;
}
