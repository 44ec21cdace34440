import { defineModule } from '../../common/module';
import { ActivityStatsRowResolver, StatsResolver } from './stats.resolver';

/** BI figures over the other modules' tables: no tables or Node types of its own. */
export const statsModule = defineModule({
  entities: [],
  resolvers: [StatsResolver, ActivityStatsRowResolver],
  nodes: {},
});
