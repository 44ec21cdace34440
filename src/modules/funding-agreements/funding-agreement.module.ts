import { defineModule } from '../../common/module';
import { FundingAgreementEntity } from './funding-agreement.entity';
import { agreementLoaders } from './funding-agreement.loaders';
import { FundingAgreementResolver } from './funding-agreement.resolver';
import { PerformanceTargetEntity } from './performance-target.entity';
import { PerformanceTargetResolver } from './performance-target.resolver';

/** Agreements and their performance targets (R5, R6). */
export const fundingAgreementsModule = defineModule({
  entities: [FundingAgreementEntity, PerformanceTargetEntity],
  resolvers: [FundingAgreementResolver, PerformanceTargetResolver],
  nodes: {
    FundingAgreement: { entity: FundingAgreementEntity, load: (ctx, id) => agreementLoaders(ctx).byId.load(id) },
    PerformanceTarget: { entity: PerformanceTargetEntity, load: (ctx, id) => agreementLoaders(ctx).targetById.load(id) },
  },
});
