import { defineModule } from '../../common/module';
import { ProgramEntity } from './program.entity';
import { programLoaders } from './program.loaders';
import { ProgramResolver } from './program.resolver';

export const programsModule = defineModule({
  entities: [ProgramEntity],
  resolvers: [ProgramResolver],
  nodes: { Program: { entity: ProgramEntity, load: (ctx, id) => programLoaders(ctx).byId.load(id) } },
});
