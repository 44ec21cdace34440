import { defineModule } from '../../common/module';
import { AgencyEntity } from './agency.entity';
import { agencyLoaders } from './agency.loaders';
import { AgencyResolver } from './agency.resolver';

export const agenciesModule = defineModule({
  entities: [AgencyEntity],
  resolvers: [AgencyResolver],
  nodes: { Agency: { entity: AgencyEntity, load: (ctx, id) => agencyLoaders(ctx).byId.load(id) } },
});
