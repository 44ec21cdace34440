import { EntityManager } from 'typeorm';
import { actingAgency } from '../../auth/acting-agency';
import { visibleAgreements, visibleRecommendations } from '../../auth/visibility';
import { ConnectionResult, PageArgs, paginate, SortDirection } from '../../common/connection';
import { AgencyKind, PayoutRuleKind } from '../../common/enums';
import { encodeGlobalId } from '../../common/global-id';
import { decodeId, decodeOptionalId } from '../../common/ids';
import { userError, UserErrorCode, UserErrors } from '../../common/user-error';
import { validateInput } from '../../common/validation';
import type { Context } from '../../context';
import { MutationOutcome, runMutation } from '../../db/mutation';
import { basisPointsToRatio } from '../../payouts/payout';
import { DisbursementEntity } from '../disbursements/disbursement.entity';
import { RecommendationEntity } from '../recommendations/recommendation.entity';
import { AgreementAction, nextStatus } from './agreement-lifecycle';
import { FundingAgreementEntity } from './funding-agreement.entity';
import { ChangeAgreementStatusInput, CreateFundingAgreementInput, FundingAgreementFilter } from './funding-agreement.inputs';
import { PerformanceTargetEntity } from './performance-target.entity';
import { checkPerformanceTarget, targetChanges } from './performance-target.service';
import { PayoutRule } from './performance-target.types';
import { assertActsForFunder, findVisibleForUpdate } from '../../auth/write-access';

export function listFundingAgreements(
  ctx: Context,
  args: PageArgs & { filter?: FundingAgreementFilter | null },
): Promise<ConnectionResult<FundingAgreementEntity>> {
  const filter = args.filter ?? {};
  const funderId = decodeOptionalId(filter.funderId, 'Agency', 'filter.funderId');
  const recipientId = decodeOptionalId(filter.recipientId, 'Enterprise', 'filter.recipientId');

  const qb = visibleAgreements(ctx.db.getRepository(FundingAgreementEntity).createQueryBuilder('a'), 'a', ctx.principal);
  if (filter.status?.length) qb.andWhere('a.status IN (:...statuses)', { statuses: filter.status });
  if (funderId) qb.andWhere('a.funder_id = :funderId', { funderId });
  if (recipientId) qb.andWhere('a.recipient_id = :recipientId', { recipientId });
  if (filter.activeOn) qb.andWhere('a.starts_on <= :activeOn AND a.ends_on >= :activeOn', { activeOn: filter.activeOn });
  return paginate(qb, args, { name: 'id', column: null, direction: SortDirection.ASC }, ctx.config.maxPageSize);
}

/** The stored rule in the API's terms: basis points become ratios (R11), for display only. */
export function payoutRuleOf(target: PerformanceTargetEntity): PayoutRule {
  const kind = target.payoutRuleKind as PayoutRuleKind;
  return {
    kind,
    // R11: a PRO_RATA rule without a threshold pays from the first unit of progress.
    threshold: kind === PayoutRuleKind.PRO_RATA ? basisPointsToRatio(target.payoutThresholdBp ?? 0) : null,
    tiers:
      kind === PayoutRuleKind.TIERED
        ? (target.payoutTiers ?? []).map((tier) => ({
            minAchievement: basisPointsToRatio(tier.minAchievementBp),
            share: basisPointsToRatio(tier.shareBp),
          }))
        : null,
  };
}

const DUPLICATES = {
  funding_agreement_agreement_number_key: {
    field: ['input', 'agreementNumber'],
    message: 'An agreement with this agreementNumber already exists',
  },
  funding_agreement_recommendation_id_key: {
    field: ['input', 'recommendationId'],
    message: 'An agreement has already been drawn up from this recommendation',
  },
};

/** R5: by the funder, from an ACCEPTED recommendation, which names funder and recipient. */
export async function createFundingAgreement(
  ctx: Context,
  input: CreateFundingAgreementInput,
): Promise<MutationOutcome<FundingAgreementEntity>> {
  const funder = actingAgency(ctx.principal!, AgencyKind.FINANCIAL_INSTITUTION);
  const recommendationId = decodeId(input.recommendationId, 'Recommendation', 'input.recommendationId');
  const errors = await validateInput(input);
  if (input.startsOn >= input.endsOn) {
    errors.push(userError(UserErrorCode.INVALID_INPUT, ['input', 'endsOn'], 'endsOn must be after startsOn'));
  }
  const targets = await Promise.all(
    (input.targets ?? []).map((target, i) => checkPerformanceTarget(target, input, ['input', 'targets', String(i)])),
  );
  errors.push(...targets.flatMap((target) => target.errors));
  if (errors.length) return { value: null, userErrors: errors };
  return runMutation(
    ctx,
    'createFundingAgreement',
    async (em) => {
      const recommendation = await findVisibleForUpdate(em, RecommendationEntity, visibleRecommendations, ctx.principal!, recommendationId);
      if (!recommendation) {
        throw new UserErrors([userError(UserErrorCode.NOT_FOUND, ['input', 'recommendationId'], 'No recommendation has this id')]);
      }
      assertActsForFunder(funder, recommendation.funderId);
      if (recommendation.status !== 'ACCEPTED') {
        throw new UserErrors([
          userError(
            UserErrorCode.INVALID_STATE,
            ['input', 'recommendationId'],
            `An agreement can be drawn up only from an ACCEPTED recommendation; this one is ${recommendation.status}`,
          ),
        ]);
      }
      const agreement = await em.save(
        em.create(FundingAgreementEntity, {
          agreementNumber: input.agreementNumber,
          recommendationId,
          funderId: recommendation.funderId,
          recipientId: recommendation.enterpriseId,
          status: 'DRAFT',
          startsOn: input.startsOn,
          endsOn: input.endsOn,
          baseAmount: input.baseAmount,
          outcomeBudgetCap: input.outcomeBudgetCap,
          terminationReason: null,
          activatedAt: null,
          completedAt: null,
          terminatedAt: null,
        }),
      );
      const savedTargets = await em.save(
        targets.map(({ row }) => em.create(PerformanceTargetEntity, { ...row!, agreementId: agreement.id })),
      );
      const changes = {
        recommendationId: input.recommendationId,
        agreementNumber: agreement.agreementNumber,
        funderId: encodeGlobalId('Agency', agreement.funderId),
        recipientId: encodeGlobalId('Enterprise', agreement.recipientId),
        status: agreement.status,
        startsOn: agreement.startsOn,
        endsOn: agreement.endsOn,
        baseAmount: agreement.baseAmount.toString(),
        outcomeBudgetCap: agreement.outcomeBudgetCap.toString(),
        targets: savedTargets.map(targetChanges),
      };
      return { value: agreement, audit: { entityType: 'FundingAgreement', entityId: encodeGlobalId('FundingAgreement', agreement.id), changes } };
    },
    DUPLICATES,
  );
}

const MUTATION_OF: Record<AgreementAction, string> = {
  activate: 'activateFundingAgreement',
  complete: 'completeFundingAgreement',
  terminate: 'terminateFundingAgreement',
};

/** What a transition does besides changing the status; returns what the audit log should add. */
type TransitionEffect = (
  em: EntityManager,
  agreement: FundingAgreementEntity,
  now: Date,
  reason: string | null,
) => Promise<Record<string, unknown>>;

const EFFECTS: Record<AgreementAction, TransitionEffect> = {
  /** R6: needs a target; schedules the base grant (when there is one) in the same transaction. */
  async activate(em, agreement, now) {
    if ((await em.countBy(PerformanceTargetEntity, { agreementId: agreement.id })) === 0) {
      throw new UserErrors([
        userError(UserErrorCode.INVALID_STATE, ['input', 'id'], 'An agreement needs at least one performance target before it can be activated'),
      ]);
    }
    agreement.activatedAt = now;
    if (agreement.baseAmount === 0n) return {};
    const grant = await em.save(
      em.create(DisbursementEntity, {
        agreementId: agreement.id,
        evaluationId: null,
        kind: 'BASE_GRANT',
        amount: agreement.baseAmount,
        status: 'SCHEDULED',
        scheduledAt: now,
        paidAt: null,
        bankReference: null,
        cancelledAt: null,
      }),
    );
    return { baseGrantScheduled: { id: encodeGlobalId('Disbursement', grant.id), amount: grant.amount.toString() } };
  },
  async complete(_em, agreement, now) {
    agreement.completedAt = now;
    return {};
  },
  /** R6: a base grant not yet paid is called off; outcome payments already earned stay due. */
  async terminate(em, agreement, now, reason) {
    agreement.terminatedAt = now;
    agreement.terminationReason = reason;
    const result = await em
      .createQueryBuilder()
      .update(DisbursementEntity)
      .set({ status: 'CANCELLED', cancelledAt: now })
      .where("agreement_id = :agreementId AND kind = 'BASE_GRANT' AND status = 'SCHEDULED'", { agreementId: agreement.id })
      .returning('id')
      .execute();
    const cancelled = (result.raw as { id: string }[]).map((row) => encodeGlobalId('Disbursement', String(row.id)));
    return cancelled.length ? { baseGrantCancelled: cancelled[0] } : {};
  },
};

const AUDITED_FIELDS = ['status', 'activatedAt', 'completedAt', 'terminatedAt', 'terminationReason'] as const;

/** R6: activate, complete or terminate, by the agreement's funder, through nextStatus() only. */
export async function changeAgreementStatus(
  ctx: Context,
  input: ChangeAgreementStatusInput,
  action: AgreementAction,
): Promise<MutationOutcome<FundingAgreementEntity>> {
  const funder = actingAgency(ctx.principal!, AgencyKind.FINANCIAL_INSTITUTION);
  const id = decodeId(input.id, 'FundingAgreement', 'input.id');
  const errors = await validateInput(input);
  if (action === 'terminate' && !input.reason?.trim()) {
    errors.push(userError(UserErrorCode.INVALID_INPUT, ['input', 'reason'], 'A termination needs a reason'));
  }
  if (errors.length) return { value: null, userErrors: errors };
  return runMutation(ctx, MUTATION_OF[action], async (em) => {
    const agreement = await findVisibleForUpdate(em, FundingAgreementEntity, visibleAgreements, ctx.principal!, id);
    if (!agreement) throw new UserErrors([userError(UserErrorCode.NOT_FOUND, ['input', 'id'], 'No funding agreement has this id')]);
    assertActsForFunder(funder, agreement.funderId);
    const before = { ...agreement };
    const status = nextStatus(agreement.status, action);
    const effects = await EFFECTS[action](em, agreement, new Date(), input.reason ?? null);
    agreement.status = status;
    const saved = await em.save(agreement);
    const changes: Record<string, unknown> = {};
    for (const field of AUDITED_FIELDS) {
      if (before[field] !== saved[field]) changes[field] = { from: before[field], to: saved[field] };
    }
    if (input.reason != null) changes.reason = input.reason;
    return { value: saved, audit: { entityType: 'FundingAgreement', entityId: input.id, changes: { ...changes, ...effects } } };
  });
}
