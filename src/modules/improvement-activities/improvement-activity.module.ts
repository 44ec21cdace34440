import { defineModule } from '../../common/module';
import { ImprovementActivityEntity } from './improvement-activity.entity';
import { activityLoaders } from './improvement-activity.loaders';
import { ImprovementActivityResolver } from './improvement-activity.resolver';

export const improvementActivitiesModule = defineModule({
  entities: [ImprovementActivityEntity],
  resolvers: [ImprovementActivityResolver],
  nodes: { ImprovementActivity: { entity: ImprovementActivityEntity, load: (ctx, id) => activityLoaders(ctx).byId.load(id) } },
});
