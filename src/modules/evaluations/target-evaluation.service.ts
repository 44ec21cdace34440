import { visibleEvaluations } from '../../auth/visibility';
import { ConnectionResult, PageArgs, paginate, SortDirection } from '../../common/connection';
import { decodeOptionalId } from '../../common/ids';
import type { Context } from '../../context';
import { TargetEvaluationEntity } from './target-evaluation.entity';
import { TargetEvaluationFilter } from './target-evaluation.inputs';

export function listTargetEvaluations(
  ctx: Context,
  args: PageArgs & { filter?: TargetEvaluationFilter | null },
): Promise<ConnectionResult<TargetEvaluationEntity>> {
  const filter = args.filter ?? {};
  const agreementId = decodeOptionalId(filter.agreementId, 'FundingAgreement', 'filter.agreementId');
  const qb = visibleEvaluations(ctx.db.getRepository(TargetEvaluationEntity).createQueryBuilder('e'), 'e', ctx.principal);
  if (filter.status?.length) qb.andWhere('e.status IN (:...statuses)', { statuses: filter.status });
  if (agreementId) {
    qb.andWhere('e.target_id IN (SELECT id FROM performance_target WHERE agreement_id = :agreementId)', { agreementId });
  }
  if (filter.achieved != null) qb.andWhere('e.achieved = :achieved', { achieved: filter.achieved });
  return paginate(qb, args, { name: 'id', column: null, direction: SortDirection.ASC }, ctx.config.maxPageSize);
}

/**
 * R11: progress / required, at least 0; display only, so a float is fine here.
 * Amounts and the achieved flag never come from it.
 */
export function achievementRatio(actualValue: bigint, target: { baseline: number; targetValue: number }): number {
  const progress = actualValue - BigInt(target.baseline);
  const required = target.targetValue - target.baseline;
  return progress > 0n ? Number(progress) / required : 0;
}
