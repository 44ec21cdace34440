import { visibleActivities } from '../../auth/visibility';
import { ConnectionResult, NestedPageKey, nestedConnectionLoader } from '../../common/connection';
import { byIdLoader, LoaderBase } from '../../common/loaders';
import { EvaluationActivityEntity } from '../evaluations/target-evaluation.entity';
import { ImprovementActivityEntity } from './improvement-activity.entity';
import { ImprovementActivityFilter } from './improvement-activity.inputs';
import { applyActivityFilter, decodeActivityFilterIds } from './improvement-activity.service';

type ActivityPage = (key: NestedPageKey<ImprovementActivityFilter>) => Promise<ConnectionResult<ImprovementActivityEntity>>;

export function createImprovementActivityLoaders(base: LoaderBase) {
  const activities = () => base.db.getRepository(ImprovementActivityEntity).createQueryBuilder('a');

  /**
   * Pages of the visible, filtered activities of many parents at once; the parent
   * is `parentExpression` over `from()`. The filter is checked before the key joins
   * a batch, so a malformed id fails only the field that passed it.
   */
  const connectionBy = (parentExpression: string, from = activities): ActivityPage => {
    const load = nestedConnectionLoader<ImprovementActivityEntity, ImprovementActivityFilter>(
      (filter) => applyActivityFilter(visibleActivities(from(), 'a', base.principal), 'a', filter),
      parentExpression,
      base.maxPageSize,
    );
    return (key) => {
      decodeActivityFilterIds(key.filter);
      return load(key);
    };
  };

  const countedByEvaluation = connectionBy('ea.evaluation_id', () =>
    activities().innerJoin(EvaluationActivityEntity, 'ea', 'ea.activity_id = a.id'),
  );

  return {
    byId: byIdLoader(base, ImprovementActivityEntity, visibleActivities),
    byAgreement: connectionBy('a.agreement_id'),
    byProvider: connectionBy('a.provider_id'),
    byBeneficiary: connectionBy('a.beneficiary_id'),
    /** R9: exactly the activities an evaluation counted (evaluation_activity), unfiltered. */
    countedByEvaluation: (key: Omit<NestedPageKey, 'filter'>) => countedByEvaluation(key),
  };
}
