import DataLoader from 'dataloader';
import { visibleAgreementChildren, visibleTable } from '../../auth/visibility';
import { byIdLoader, childrenLoader, defineLoaders, LoaderBase } from '../../common/loaders';
import { DisbursementEntity } from './disbursement.entity';

export const DISBURSEMENTS = visibleTable(DisbursementEntity, visibleAgreementChildren, 'disbursement');

export const disbursementLoaders = defineLoaders((base) => ({
  byId: byIdLoader(base, DISBURSEMENTS),
  byAgreement: childrenLoader(base, DISBURSEMENTS, 'agreement_id', (row) => row.agreementId),
  byEvaluation: byEvaluationLoader(base),
}));

/** The outcome payment of an evaluation (at most one: evaluation_id is unique), or null. */
function byEvaluationLoader(base: LoaderBase): DataLoader<string, DisbursementEntity | null> {
  return new DataLoader(async (evaluationIds) => {
    const qb = base.db
      .getRepository(DisbursementEntity)
      .createQueryBuilder('row')
      .where('row.evaluation_id = ANY(CAST(:evaluationIds AS bigint[]))', { evaluationIds });
    const rows = await visibleAgreementChildren(qb, 'row', base.principal).getMany();
    const byEvaluation = new Map(rows.map((row) => [String(row.evaluationId), row]));
    return evaluationIds.map((id) => byEvaluation.get(id) ?? null);
  });
}
