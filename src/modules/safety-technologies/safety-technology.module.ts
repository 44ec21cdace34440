import { defineModule } from '../../common/module';
import { SafetyTechnologyEntity } from './safety-technology.entity';
import { technologyLoaders } from './safety-technology.loaders';
import { SafetyTechnologyResolver } from './safety-technology.resolver';

export const safetyTechnologiesModule = defineModule({
  entities: [SafetyTechnologyEntity],
  resolvers: [SafetyTechnologyResolver],
  nodes: { SafetyTechnology: { entity: SafetyTechnologyEntity, load: (ctx, id) => technologyLoaders(ctx).byId.load(id) } },
});
