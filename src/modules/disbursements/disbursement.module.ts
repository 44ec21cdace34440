import { defineModule } from '../../common/module';
import { DisbursementEntity } from './disbursement.entity';
import { disbursementLoaders } from './disbursement.loaders';
import { DisbursementResolver } from './disbursement.resolver';

export const disbursementsModule = defineModule({
  entities: [DisbursementEntity],
  resolvers: [DisbursementResolver],
  nodes: { Disbursement: { entity: DisbursementEntity, load: (ctx, id) => disbursementLoaders(ctx).byId.load(id) } },
});
