import { defineModule } from '../../common/module';
import { EnterpriseEntity } from './enterprise.entity';
import { enterpriseLoaders } from './enterprise.loaders';
import { EnterpriseResolver } from './enterprise.resolver';

export const enterprisesModule = defineModule({
  entities: [EnterpriseEntity],
  resolvers: [EnterpriseResolver],
  nodes: { Enterprise: { entity: EnterpriseEntity, load: (ctx, id) => enterpriseLoaders(ctx).byId.load(id) } },
});
