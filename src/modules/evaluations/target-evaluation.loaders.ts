import DataLoader from 'dataloader';
import { visibleEvaluations, visibleTable } from '../../auth/visibility';
import { EvaluationStatus } from '../../common/enums';
import { byIdLoader, childrenLoader, defineLoaders, LoaderBase } from '../../common/loaders';
import { getEntities } from '../../db/entity-rows';
import { TargetEvaluationEntity } from './target-evaluation.entity';

export const EVALUATIONS = visibleTable(TargetEvaluationEntity, visibleEvaluations, 'target evaluation');

export const evaluationLoaders = defineLoaders((base) => ({
  byId: byIdLoader(base, EVALUATIONS),
  /** Every evaluation of a target, VOID ones included, oldest first. */
  byTarget: childrenLoader(base, EVALUATIONS, 'target_id', (row) => row.targetId),
  latestByTarget: latestByTargetLoader(base),
}));

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
      .where('row.target_id = ANY(CAST(:targetIds AS bigint[]))', { targetIds })
      .andWhere('row.status <> :void', { void: EvaluationStatus.VOID })
      .orderBy('row.target_id')
      .addOrderBy('(row.status = :finalized)', 'DESC')
      .setParameter('finalized', EvaluationStatus.FINALIZED)
      .addOrderBy('row.id', 'DESC');
    const rows = await getEntities(visibleEvaluations(qb, 'row', base.principal));
    const byTarget = new Map(rows.map((row) => [String(row.targetId), row]));
    return targetIds.map((id) => byTarget.get(id) ?? null);
  });
}
