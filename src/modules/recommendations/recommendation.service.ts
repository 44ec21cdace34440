import { actingAgency } from '../../auth/acting-agency';
import type { Principal } from '../../auth/roles';
import { visibleRows } from '../../auth/visibility';
import { assertActsForFunder, findVisibleForUpdate } from '../../auth/write-access';
import { ConnectionResult, ListArgs, paginate, SortDirection } from '../../common/connection';
import { AgencyKind, RecommendationStatus } from '../../common/enums';
import { encodeGlobalId } from '../../common/global-id';
import { notFound, refuse, refuseAny, UserError } from '../../common/user-error';
import type { MutationOutcome } from '../../common/user-error';
import { validateInput } from '../../common/validation';
import type { Context } from '../../context';
import { runMutation } from '../../db/mutation';
import { AgencyEntity } from '../agencies/agency.entity';
import { AGENCIES } from '../agencies/agency.loaders';
import { EnterpriseEntity } from '../enterprises/enterprise.entity';
import { ENTERPRISES } from '../enterprises/enterprise.loaders';
import { SafetyTechnologyEntity } from '../safety-technologies/safety-technology.entity';
import { TECHNOLOGIES } from '../safety-technologies/safety-technology.loaders';
import { RecommendationEntity } from './recommendation.entity';
import { RECOMMENDATION_DUPLICATES, recommendationErrors } from './recommendation.errors';
import { DecideRecommendationInput, RecommendationFilter, RecommendEnterpriseInput } from './recommendation.inputs';
import { RECOMMENDATIONS } from './recommendation.loaders';

/** Newest first: a funder's screen shows what arrived last on top. The filter's ids are database ids. */
export function listRecommendations(ctx: Context, args: ListArgs<RecommendationFilter>): Promise<ConnectionResult<RecommendationEntity>> {
  const filter = args.filter ?? {};
  const qb = visibleRows(ctx.db, RECOMMENDATIONS, 'r', ctx.principal);
  if (filter.status?.length) qb.andWhere('r.status IN (:...statuses)', { statuses: filter.status });
  if (filter.funderId) qb.andWhere('r.funder_id = :funderId', { funderId: filter.funderId });
  if (filter.enterpriseId) qb.andWhere('r.enterprise_id = :enterpriseId', { enterpriseId: filter.enterpriseId });
  const ordering = {
    name: 'recommendedAt',
    column: 'r.recommended_at',
    direction: SortDirection.DESC,
    value: (r: RecommendationEntity) => r.recommendedAt,
  };
  return paginate(qb, args, ordering, ctx.config.maxPageSize);
}

/** R4: by an officer of a PUBLIC_AGENCY, to a FINANCIAL_INSTITUTION, about the enterprise's own technology if any. */
export function recommendEnterprise(
  ctx: Context,
  principal: Principal,
  input: RecommendEnterpriseInput,
): Promise<MutationOutcome<RecommendationEntity>> {
  const recommender = actingAgency(principal, AgencyKind.PUBLIC_AGENCY);
  const { enterpriseId, funderId } = input;
  const technologyId = input.technologyId ?? null;
  return runMutation(
    ctx,
    principal,
    'recommendEnterprise',
    async (em) => {
      refuseAny(await validateInput(input));
      const funder = await em.findOneBy(AgencyEntity, { id: funderId });
      const enterpriseExists = await em.existsBy(EnterpriseEntity, { id: enterpriseId });
      const technology = technologyId ? await em.findOneBy(SafetyTechnologyEntity, { id: technologyId }) : null;
      const problems: UserError[] = [];
      if (!funder) problems.push(notFound(['input', 'funderId'], AGENCIES.noun));
      else if (funder.kind !== AgencyKind.FINANCIAL_INSTITUTION) problems.push(recommendationErrors.funderNotFinancialInstitution(funder));
      if (!enterpriseExists) problems.push(notFound(['input', 'enterpriseId'], ENTERPRISES.noun));
      if (technologyId && !technology) problems.push(notFound(['input', 'technologyId'], TECHNOLOGIES.noun));
      else if (technology && enterpriseExists && technology.providerId !== enterpriseId) {
        problems.push(recommendationErrors.technologyOfAnotherEnterprise());
      }
      refuseAny(problems);
      const saved = await em.save(
        em.create(RecommendationEntity, {
          recommenderId: recommender.id,
          funderId,
          enterpriseId,
          technologyId,
          rationale: input.rationale,
          status: RecommendationStatus.PENDING,
          decisionNote: null,
          recommendedBy: principal.subject,
          recommendedAt: new Date(),
          decidedBy: null,
          decidedAt: null,
        }),
      );
      const changes = {
        recommenderId: encodeGlobalId('Agency', recommender.id),
        enterpriseId: encodeGlobalId('Enterprise', enterpriseId),
        funderId: encodeGlobalId('Agency', funderId),
        technologyId: technologyId && encodeGlobalId('SafetyTechnology', technologyId),
        rationale: input.rationale,
        status: saved.status,
      };
      return { value: saved, audit: { entityType: 'Recommendation', entityId: encodeGlobalId('Recommendation', saved.id), changes } };
    },
    RECOMMENDATION_DUPLICATES,
  );
}

/** R4: only the funder decides, and only a PENDING recommendation. */
export function decideRecommendation(
  ctx: Context,
  principal: Principal,
  input: DecideRecommendationInput,
): Promise<MutationOutcome<RecommendationEntity>> {
  const funder = actingAgency(principal, AgencyKind.FINANCIAL_INSTITUTION);
  return runMutation(ctx, principal, 'decideRecommendation', async (em) => {
    refuseAny(await validateInput(input));
    const recommendation = await findVisibleForUpdate(em, principal, RECOMMENDATIONS, input.id, ['input', 'id']);
    assertActsForFunder(funder, recommendation.funderId);
    if (recommendation.status !== RecommendationStatus.PENDING) refuse(recommendationErrors.notPending(recommendation.status));
    const status = input.accept ? RecommendationStatus.ACCEPTED : RecommendationStatus.DECLINED;
    const changes = { status: { from: recommendation.status, to: status }, decisionNote: input.note ?? null };
    Object.assign(recommendation, {
      status,
      decidedAt: new Date(),
      decidedBy: principal.subject,
      decisionNote: input.note ?? null,
    });
    const saved = await em.save(recommendation);
    return { value: saved, audit: { entityType: 'Recommendation', entityId: encodeGlobalId('Recommendation', saved.id), changes } };
  });
}
