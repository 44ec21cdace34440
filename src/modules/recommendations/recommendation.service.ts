import { actingAgency } from '../../auth/acting-agency';
import { visibleRecommendations } from '../../auth/visibility';
import { ConnectionResult, PageArgs, paginate, SortDirection } from '../../common/connection';
import { AgencyKind } from '../../common/enums';
import { encodeGlobalId } from '../../common/global-id';
import { decodeId, decodeOptionalId } from '../../common/ids';
import { UserError, userError, UserErrorCode, UserErrors } from '../../common/user-error';
import { validateInput } from '../../common/validation';
import type { Context } from '../../context';
import { MutationOutcome, runMutation } from '../../db/mutation';
import { AgencyEntity } from '../agencies/agency.entity';
import { EnterpriseEntity } from '../enterprises/enterprise.entity';
import { assertActsForFunder, findVisibleForUpdate } from '../../auth/write-access';
import { SafetyTechnologyEntity } from '../safety-technologies/safety-technology.entity';
import { RecommendationEntity } from './recommendation.entity';
import { DecideRecommendationInput, RecommendationFilter, RecommendEnterpriseInput } from './recommendation.inputs';

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

/** R4: the database, not a prior SELECT, keeps one PENDING recommendation per pair, so concurrent calls cannot both pass. */
const DUPLICATES = {
  recommendation_one_pending_idx: {
    field: ['input', 'enterpriseId'],
    message: 'A PENDING recommendation of this enterprise to this funder already exists; wait for its decision',
  },
};

/** R4: by an officer of a PUBLIC_AGENCY, to a FINANCIAL_INSTITUTION, about the enterprise's own technology if any. */
export async function recommendEnterprise(
  ctx: Context,
  input: RecommendEnterpriseInput,
): Promise<MutationOutcome<RecommendationEntity>> {
  const recommender = actingAgency(ctx.principal!, AgencyKind.PUBLIC_AGENCY);
  const enterpriseId = decodeId(input.enterpriseId, 'Enterprise', 'input.enterpriseId');
  const funderId = decodeId(input.funderId, 'Agency', 'input.funderId');
  const technologyId = decodeOptionalId(input.technologyId, 'SafetyTechnology', 'input.technologyId');
  const errors = await validateInput(input);
  if (errors.length) return { value: null, userErrors: errors };
  return runMutation(
    ctx,
    'recommendEnterprise',
    async (em) => {
      const funder = await em.findOneBy(AgencyEntity, { id: funderId });
      const enterpriseExists = await em.existsBy(EnterpriseEntity, { id: enterpriseId });
      const technology = technologyId ? await em.findOneBy(SafetyTechnologyEntity, { id: technologyId }) : null;
      const problems: UserError[] = [];
      if (!funder) problems.push(userError(UserErrorCode.NOT_FOUND, ['input', 'funderId'], 'No agency has this id'));
      else if (funder.kind !== AgencyKind.FINANCIAL_INSTITUTION) {
        problems.push(
          userError(UserErrorCode.INVALID_INPUT, ['input', 'funderId'], `The funder must be a FINANCIAL_INSTITUTION; ${funder.code} is a ${funder.kind}`),
        );
      }
      if (!enterpriseExists) problems.push(userError(UserErrorCode.NOT_FOUND, ['input', 'enterpriseId'], 'No enterprise has this id'));
      if (technologyId && !technology) {
        problems.push(userError(UserErrorCode.NOT_FOUND, ['input', 'technologyId'], 'No safety technology has this id'));
      } else if (technology && enterpriseExists && technology.providerId !== enterpriseId) {
        problems.push(
          userError(UserErrorCode.INVALID_INPUT, ['input', 'technologyId'], 'The technology must belong to the recommended enterprise'),
        );
      }
      if (problems.length) throw new UserErrors(problems);
      const saved = await em.save(
        em.create(RecommendationEntity, {
          recommenderId: recommender.id,
          funderId,
          enterpriseId,
          technologyId,
          rationale: input.rationale,
          status: 'PENDING',
          decisionNote: null,
          recommendedBy: ctx.principal!.subject,
          recommendedAt: new Date(),
          decidedBy: null,
          decidedAt: null,
        }),
      );
      const changes = {
        recommenderId: encodeGlobalId('Agency', recommender.id),
        enterpriseId: input.enterpriseId,
        funderId: input.funderId,
        technologyId: input.technologyId ?? null,
        rationale: input.rationale,
        status: saved.status,
      };
      return { value: saved, audit: { entityType: 'Recommendation', entityId: encodeGlobalId('Recommendation', saved.id), changes } };
    },
    DUPLICATES,
  );
}

/** R4: only the funder decides, and only a PENDING recommendation. */
export async function decideRecommendation(
  ctx: Context,
  input: DecideRecommendationInput,
): Promise<MutationOutcome<RecommendationEntity>> {
  const funder = actingAgency(ctx.principal!, AgencyKind.FINANCIAL_INSTITUTION);
  const id = decodeId(input.id, 'Recommendation', 'input.id');
  const errors = await validateInput(input);
  if (errors.length) return { value: null, userErrors: errors };
  return runMutation(ctx, 'decideRecommendation', async (em) => {
    const recommendation = await findVisibleForUpdate(em, RecommendationEntity, visibleRecommendations, ctx.principal!, id);
    if (!recommendation) throw new UserErrors([userError(UserErrorCode.NOT_FOUND, ['input', 'id'], 'No recommendation has this id')]);
    assertActsForFunder(funder, recommendation.funderId);
    if (recommendation.status !== 'PENDING') {
      throw new UserErrors([
        userError(UserErrorCode.INVALID_STATE, ['input', 'id'], `Only a PENDING recommendation can be decided; this one is ${recommendation.status}`),
      ]);
    }
    const status = input.accept ? 'ACCEPTED' : 'DECLINED';
    const changes = { status: { from: recommendation.status, to: status }, decisionNote: input.note ?? null };
    Object.assign(recommendation, {
      status,
      decidedAt: new Date(),
      decidedBy: ctx.principal!.subject,
      decisionNote: input.note ?? null,
    });
    const saved = await em.save(recommendation);
    return { value: saved, audit: { entityType: 'Recommendation', entityId: input.id, changes } };
  });
}
