// SKELETON: replaced by the module's real loaders.
import { visibleAgreementChildren } from '../../auth/visibility';
import { byIdLoader, LoaderBase } from '../../common/loaders';
import { DisbursementEntity } from './disbursement.entity';

export function createDisbursementLoaders(base: LoaderBase) {
  return {
    byId: byIdLoader(base, DisbursementEntity, visibleAgreementChildren),
  };
}
