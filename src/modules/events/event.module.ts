import { defineModule } from '../../common/module';
import { BusinessEventEntity } from './event.entity';
import { eventLoaders } from './event.loaders';
import { EventResolver } from './event.resolver';

export const eventsModule = defineModule({
  entities: [BusinessEventEntity],
  resolvers: [EventResolver],
  nodes: { Event: { entity: BusinessEventEntity, load: (ctx, id) => eventLoaders(ctx).byId.load(id) } },
});
