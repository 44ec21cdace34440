import DataLoader from 'dataloader';
import { visibleEvaluations } from '../../auth/visibility';
import { byIdLoader, childrenLoader, LoaderBase } from '../../common/loaders';
import { TargetEvaluationEntity } from './target-evaluation.entity';

export function createEvaluationLoaders(base: LoaderBase) {
  return {
    byId: byIdLoader(base, TargetEvaluationEntity, visibleEvaluations),
    /** Every evaluation of a target, VOID ones included, oldest first. */
    byTarget: childrenLoader(base, TargetEvaluationEntity, 'target_id', (row) => row.targetId, visibleEvaluations),
    latestByTarget: latestByTargetLoader(base),
  };
}

/**
 * PerformanceTarget.latestEvaluation: the finalized evaluation, else the newest
 * draft, else null. VOID evaluations were replaced and never count.
 * One statement for all requested targets.
 */
function latestByTargetLoader(base: LoaderBase): DataLoader<string, TargetEvaluationEntity | null> {
  return new DataLoader(async (targetIds) => {
    const qb = base.db
      .getRepository(TargetEvaluationEntity)
      .createQueryBuilder('row')
      .distinctOn(['row.target_id'])
      .where('row.target_id IN (:...targetIds)', { targetIds })
      .andWhere("row.status <> 'VOID'")
      .orderBy('row.target_id')
      .addOrderBy("(row.status = 'FINALIZED')", 'DESC')
      .addOrderBy('row.id', 'DESC');
    const rows = await visibleEvaluations(qb, 'row', base.principal).getMany();
    const byTarget = new Map(rows.map((row) => [String(row.targetId), row]));
    return targetIds.map((id) => byTarget.get(id) ?? null);
  });
}
