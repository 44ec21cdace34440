// SKELETON: replaced by the module's real loaders.
import { visibleAgreements, visibleAgreementChildren } from '../../auth/visibility';
import { byIdLoader, LoaderBase } from '../../common/loaders';
import { FundingAgreementEntity } from './funding-agreement.entity';
import { PerformanceTargetEntity } from './performance-target.entity';

export function createFundingAgreementLoaders(base: LoaderBase) {
  return {
    byId: byIdLoader(base, FundingAgreementEntity, visibleAgreements),
    targetById: byIdLoader(base, PerformanceTargetEntity, visibleAgreementChildren),
  };
}
