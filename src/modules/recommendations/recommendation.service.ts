import { EntityManager } from 'typeorm';
import { actingAgency } from '../../auth/acting-agency';
import type { Principal } from '../../auth/roles';
import { visibleRows } from '../../auth/visibility';
import { assertActsForFunder, findVisibleForUpdate } from '../../auth/write-access';
import { ConnectionResult, ListArgs, paginate, SortDirection } from '../../common/connection';
import { AgencyKind, EventType, RecommendationStatus } from '../../common/enums';
import { encodeGlobalId } from '../../common/global-id';
import { notFound, refuse, refuseAny, UserError } from '../../common/user-error';
import { validateInput } from '../../common/validation';
import { type Context, now } from '../../context';
import { BusinessEvent, emitEvent, type MutationService, runMutation } from '../../db/mutation';
import { EnterpriseEntity } from '../enterprises/enterprise.entity';
import { programForRecommendation } from '../programs/program.service';
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

/**
 * R4, R15: by an officer of a PUBLIC_AGENCY, into a program (which names the
 * funder), about the enterprise's own technology if any.
 */
export const recommendEnterprise: MutationService<RecommendEnterpriseInput, RecommendationEntity> = (ctx, principal, input) => {
  const recommender = actingAgency(principal, AgencyKind.PUBLIC_AGENCY);
  const { enterpriseId } = input;
  const technologyId = input.technologyId ?? null;
  return runMutation(ctx, principal, 'recommendEnterprise', async (em) => {
    refuseAny(await validateInput(input));
    const enterpriseExists = await em.existsBy(EnterpriseEntity, { id: enterpriseId });
    const technology = technologyId ? await em.findOneBy(SafetyTechnologyEntity, { id: technologyId }) : null;
    const problems: UserError[] = [];
    if (!enterpriseExists) problems.push(notFound(['input', 'enterpriseId'], ENTERPRISES.noun));
    if (technologyId && !technology) problems.push(notFound(['input', 'technologyId'], TECHNOLOGIES.noun));
    else if (technology && enterpriseExists && technology.providerId !== enterpriseId) {
      problems.push(recommendationErrors.technologyOfAnotherEnterprise());
    }
    refuseAny(problems);
    const program = await programForRecommendation(em, principal, recommender.id, input);
    const saved = await saveRecommendation(em, principal, recommender.id, program, {
      enterpriseId,
      technologyId,
      rationale: input.rationale,
      recommendedAt: now(ctx),
    });
    return { value: saved, audit: recommendationAudit(saved) };
  }, RECOMMENDATION_DUPLICATES);
};

/** A new PENDING recommendation (R4), direct or from a selected application (R19). */
export async function saveRecommendation(
  em: EntityManager,
  principal: Principal,
  recommenderId: string,
  program: { id: string; funderId: string },
  fields: { enterpriseId: string; technologyId: string | null; rationale: string; applicationId?: string; recommendedAt: Date },
): Promise<RecommendationEntity> {
  const saved = await em.save(
    em.create(RecommendationEntity, {
      recommenderId,
      funderId: program.funderId,
      programId: program.id,
      enterpriseId: fields.enterpriseId,
      technologyId: fields.technologyId,
      applicationId: fields.applicationId ?? null,
      rationale: fields.rationale,
      status: RecommendationStatus.PENDING,
      decisionNote: null,
      recommendedBy: principal.subject,
      recommendedAt: fields.recommendedAt,
      decidedBy: null,
      decidedAt: null,
    }),
  );
  emitEvent(em, recommendationEvent(EventType.RECOMMENDATION_MADE, saved));
  return saved;
}

function recommendationEvent(type: EventType, recommendation: RecommendationEntity): BusinessEvent {
  return {
    type,
    subject: { type: 'Recommendation', id: recommendation.id },
    programId: recommendation.programId,
    data: { status: recommendation.status, enterpriseId: encodeGlobalId('Enterprise', recommendation.enterpriseId) },
  };
}

/** What the audit log keeps of a new recommendation. */
export function recommendationAudit(saved: RecommendationEntity) {
  const changes = {
    recommenderId: encodeGlobalId('Agency', saved.recommenderId),
    enterpriseId: encodeGlobalId('Enterprise', saved.enterpriseId),
    funderId: encodeGlobalId('Agency', saved.funderId),
    programId: encodeGlobalId('Program', saved.programId),
    technologyId: saved.technologyId && encodeGlobalId('SafetyTechnology', saved.technologyId),
    ...(saved.applicationId ? { applicationId: encodeGlobalId('SupplierApplication', saved.applicationId) } : {}),
    rationale: saved.rationale,
    status: saved.status,
  };
  return { entityType: 'Recommendation', entityId: encodeGlobalId('Recommendation', saved.id), changes };
}

/** R4: only the funder decides, and only a PENDING recommendation. */
export const decideRecommendation: MutationService<DecideRecommendationInput, RecommendationEntity> = (ctx, principal, input) => {
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
      decidedAt: now(ctx),
      decidedBy: principal.subject,
      decisionNote: input.note ?? null,
    });
    const saved = await em.save(recommendation);
    emitEvent(em, recommendationEvent(input.accept ? EventType.RECOMMENDATION_ACCEPTED : EventType.RECOMMENDATION_DECLINED, saved));
    return { value: saved, audit: { entityType: 'Recommendation', entityId: encodeGlobalId('Recommendation', saved.id), changes } };
  });
};
