import { visibleAgreementChildren, visibleTable } from '../../auth/visibility';
import { byIdLoader, childrenLoader, defineLoaders } from '../../common/loaders';
import { DisbursementEntity } from './disbursement.entity';

export const DISBURSEMENTS = visibleTable(DisbursementEntity, visibleAgreementChildren, 'disbursement');

export const disbursementLoaders = defineLoaders((base) => ({
  byId: byIdLoader(base, DISBURSEMENTS),
  byAgreement: childrenLoader(base, DISBURSEMENTS, 'agreement_id', (row) => row.agreementId),
  /** The outcome payment of an evaluation: at most one, as evaluation_id is unique. */
  byEvaluation: childrenLoader(base, DISBURSEMENTS, 'evaluation_id', (row) => row.evaluationId!),
}));
