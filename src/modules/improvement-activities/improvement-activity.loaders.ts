import { visibleActivities, visibleTable } from '../../auth/visibility';
import { ConnectionResult, NestedPageKey, nestedConnectionLoader } from '../../common/connection';
import { byIdLoader, defineLoaders } from '../../common/loaders';
import { EvaluationActivityEntity } from '../evaluations/target-evaluation.entity';
import { ImprovementActivityEntity } from './improvement-activity.entity';
import { ImprovementActivityFilter } from './improvement-activity.inputs';
import { applyActivityFilter, decodeActivityFilter } from './improvement-activity.queries';

export const ACTIVITIES = visibleTable(ImprovementActivityEntity, visibleActivities, 'improvement activity');

type ActivityPage = (key: NestedPageKey<ImprovementActivityFilter>) => Promise<ConnectionResult<ImprovementActivityEntity>>;

export const activityLoaders = defineLoaders((base) => {
  const activities = () => base.db.getRepository(ImprovementActivityEntity).createQueryBuilder('a');

  /**
   * Pages of the visible, filtered activities of many parents at once; the parent
   * is `parentExpression` over `from()`. The filter (as the client sent it) is
   * decoded before the key joins a batch, so a malformed id fails only the field that passed it.
   */
  const connectionBy = (parentExpression: string, from = activities): ActivityPage => {
    const load = nestedConnectionLoader<ImprovementActivityEntity, ImprovementActivityFilter>(
      (filter) => applyActivityFilter(visibleActivities(from(), 'a', base.principal), 'a', filter),
      parentExpression,
      base.maxPageSize,
    );
    return (key) => load({ ...key, filter: decodeActivityFilter(key.filter) });
  };

  const countedByEvaluation = connectionBy('ea.evaluation_id', () =>
    activities().innerJoin(EvaluationActivityEntity, 'ea', 'ea.activity_id = a.id'),
  );

  return {
    byId: byIdLoader(base, ACTIVITIES),
    byAgreement: connectionBy('a.agreement_id'),
    byProvider: connectionBy('a.provider_id'),
    byBeneficiary: connectionBy('a.beneficiary_id'),
    /** SupplierMatch.activities. */
    byMatch: connectionBy('a.match_id'),
    /** R9: exactly the activities an evaluation counted (evaluation_activity), unfiltered. */
    countedByEvaluation: (key: Omit<NestedPageKey, 'filter'>) => countedByEvaluation(key),
  };
});
