import { visibleRecommendations } from '../../auth/visibility';
import { ConnectionResult, PageArgs, paginate, SortDirection } from '../../common/connection';
import { decodeOptionalId } from '../../common/ids';
import type { Context } from '../../context';
import { RecommendationEntity } from './recommendation.entity';
import { RecommendationFilter } from './recommendation.inputs';

/** Newest first: a funder's screen shows what arrived last on top. */
export function listRecommendations(
  ctx: Context,
  args: PageArgs & { filter?: RecommendationFilter | null },
): Promise<ConnectionResult<RecommendationEntity>> {
  const filter = args.filter ?? {};
  const funderId = decodeOptionalId(filter.funderId, 'Agency', 'filter.funderId');
  const enterpriseId = decodeOptionalId(filter.enterpriseId, 'Enterprise', 'filter.enterpriseId');
  const qb = visibleRecommendations(ctx.db.getRepository(RecommendationEntity).createQueryBuilder('r'), 'r', ctx.principal);
  if (filter.status?.length) qb.andWhere('r.status IN (:...statuses)', { statuses: filter.status });
  if (funderId) qb.andWhere('r.funder_id = :funderId', { funderId });
  if (enterpriseId) qb.andWhere('r.enterprise_id = :enterpriseId', { enterpriseId });
  const ordering = {
    name: 'recommendedAt',
    column: 'r.recommended_at',
    direction: SortDirection.DESC,
    value: (r: RecommendationEntity) => r.recommendedAt,
  };
  return paginate(qb, args, ordering, ctx.config.maxPageSize);
}
