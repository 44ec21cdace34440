import { EntityManager } from 'typeorm';
import { actingAgency } from '../../auth/acting-agency';
import { visibleAgreementChildren, visibleEvaluations } from '../../auth/visibility';
import { ConnectionResult, PageArgs, paginate, SortDirection } from '../../common/connection';
import { AgencyKind } from '../../common/enums';
import { forbidden } from '../../common/errors';
import { encodeGlobalId } from '../../common/global-id';
import { programToday } from '../../common/program-calendar';
import { decodeId, decodeOptionalId } from '../../common/ids';
import { UserErrorCode, UserErrors } from '../../common/user-error';
import type { Context } from '../../context';
import { DuplicateErrors, MutationOutcome, runMutation } from '../../db/mutation';
import { metricValue } from '../../payouts/metrics';
import { applyBudgetCap, computePayout, PayoutResult, PayoutRule } from '../../payouts/payout';
import { DisbursementEntity } from '../disbursements/disbursement.entity';
import { assertAgreementAllows } from '../funding-agreements/agreement-lifecycle';
import { FundingAgreementEntity } from '../funding-agreements/funding-agreement.entity';
import { PerformanceTargetEntity } from '../funding-agreements/performance-target.entity';
import { ImprovementActivityEntity } from '../improvement-activities/improvement-activity.entity';
import { EvaluationActivityEntity, TargetEvaluationEntity } from './target-evaluation.entity';
import { EvaluatePerformanceTargetInput, FinalizeTargetEvaluationInput, TargetEvaluationFilter } from './target-evaluation.inputs';
import { PayoutProjection } from './target-evaluation.types';

export function listTargetEvaluations(
  ctx: Context,
  args: PageArgs & { filter?: TargetEvaluationFilter | null },
): Promise<ConnectionResult<TargetEvaluationEntity>> {
  const filter = args.filter ?? {};
  const agreementId = decodeOptionalId(filter.agreementId, 'FundingAgreement', 'filter.agreementId');
  const qb = visibleEvaluations(ctx.db.getRepository(TargetEvaluationEntity).createQueryBuilder('e'), 'e', ctx.principal);
  if (filter.status?.length) qb.andWhere('e.status IN (:...statuses)', { statuses: filter.status });
  if (agreementId) {
    qb.andWhere('e.target_id IN (SELECT id FROM performance_target WHERE agreement_id = :agreementId)', { agreementId });
  }
  if (filter.achieved != null) qb.andWhere('e.achieved = :achieved', { achieved: filter.achieved });
  return paginate(qb, args, { name: 'id', column: null, direction: SortDirection.ASC }, ctx.config.maxPageSize);
}

// ---------------------------------------------------------------- the evaluation as of now (R9, R11)

/**
 * What evaluating a target right now yields. evaluatePerformanceTarget stores
 * it, finalizeTargetEvaluation compares a draft with it (STALE_EVALUATION) and
 * projectedPayouts shows it, so all three count the same activities the same way.
 */
export interface CurrentEvaluation {
  target: PerformanceTargetEntity;
  /** The counted activities' ids, ascending. */
  activityIds: string[];
  actualValue: bigint;
  /** achieved, computedPayout (before the budget cap), achievementRatio, explanation. */
  result: PayoutResult;
}

/** The targets' evaluations as of now, from one read of their agreements' VERIFIED activities. */
export async function evaluateTargetsNow(em: EntityManager, targets: PerformanceTargetEntity[]): Promise<CurrentEvaluation[]> {
  if (targets.length === 0) return [];
  const agreementIds = [...new Set(targets.map((t) => t.agreementId))];
  const from = targets.map((t) => t.periodStart).reduce((a, b) => (a < b ? a : b));
  const to = targets.map((t) => t.periodEnd).reduce((a, b) => (a > b ? a : b));
  const verified = await em
    .getRepository(ImprovementActivityEntity)
    .createQueryBuilder('a')
    .select(['a.id', 'a.agreementId', 'a.beneficiaryId', 'a.workersCovered', 'a.hazardsRemediated', 'a.riskLevelBefore', 'a.riskLevelAfter', 'a.completedOn'])
    .where('a.agreement_id IN (:...agreementIds)', { agreementIds })
    .andWhere("a.status = 'VERIFIED'")
    .andWhere('a.completed_on BETWEEN :from AND :to', { from, to })
    .orderBy('a.id')
    .getMany();

  return targets.map((target) => {
    // 'YYYY-MM-DD' strings compare as the dates they name.
    const counted = verified.filter(
      (a) => a.agreementId === target.agreementId && a.completedOn >= target.periodStart && a.completedOn <= target.periodEnd,
    );
    const actualValue = metricValue(target.metric, counted);
    const result = computePayout({
      baseline: BigInt(target.baseline),
      targetValue: BigInt(target.targetValue),
      maxPayout: target.maxPayout,
      actual: actualValue,
      rule: payoutRuleOf(target),
    });
    return { target, activityIds: counted.map((a) => String(a.id)), actualValue, result };
  });
}

/** The stored rule in the payout engine's terms (basis points as stored). */
function payoutRuleOf(target: PerformanceTargetEntity): PayoutRule {
  switch (target.payoutRuleKind) {
    case 'ALL_OR_NOTHING':
      return { kind: 'ALL_OR_NOTHING' };
    case 'PRO_RATA':
      // R11: a PRO_RATA rule without a threshold pays from the first unit of progress.
      return { kind: 'PRO_RATA', thresholdBp: target.payoutThresholdBp ?? 0 };
    case 'TIERED':
      return { kind: 'TIERED', tiers: target.payoutTiers ?? [] };
  }
}

/** R10: the cap minus Σ payout of the agreement's FINALIZED evaluations. */
async function outcomeBudgetRemaining(em: EntityManager, agreement: FundingAgreementEntity): Promise<bigint> {
  const [row]: { earned: string }[] = await em.query(
    // ::text keeps the numeric sum exact on its way into BigInt (R14).
    `SELECT COALESCE(SUM(e.payout), 0)::text AS earned FROM target_evaluation e
     JOIN performance_target t ON t.id = e.target_id
     WHERE t.agreement_id = $1 AND e.status = 'FINALIZED'`,
    [agreement.id],
  );
  return agreement.outcomeBudgetCap - BigInt(row.earned);
}

// ---------------------------------------------------------------- projectedPayouts

/**
 * What each target of a visible agreement would pay if evaluated and finalized
 * now; nothing is written. An agreement the caller may not see, or that does
 * not exist, has no projections.
 */
export async function projectPayouts(ctx: Context, agreementGlobalId: string): Promise<PayoutProjection[]> {
  const agreementId = decodeId(agreementGlobalId, 'FundingAgreement', 'agreementId');
  const agreement = await ctx.loaders.fundingAgreements.byId.load(agreementId);
  if (!agreement) return [];
  const targets = await ctx.loaders.fundingAgreements.targetsByAgreement.load(agreement.id);
  const [evaluations, remaining] = await Promise.all([
    evaluateTargetsNow(ctx.db.manager, targets),
    outcomeBudgetRemaining(ctx.db.manager, agreement),
  ]);
  return evaluations.map(({ target, actualValue, result }) => ({
    target,
    actualValue: Number(actualValue),
    achievementRatio: result.achievementRatio,
    achieved: result.achieved,
    computedPayout: result.computedPayout,
    ...applyBudgetCap(result.computedPayout, remaining),
  }));
}

// ---------------------------------------------------------------- mutations (R9, R10)

/** R10, also enforced by the database: a race lost on this index is a state error, not a duplicate. */
const FINALIZE_DUPLICATES: DuplicateErrors = {
  target_evaluation_one_finalized_idx: {
    field: ['input', 'id'],
    message: 'This target already has a finalized evaluation',
    code: UserErrorCode.INVALID_STATE,
  },
};

function refuse(code: UserErrorCode, field: string[], message: string): never {
  throw new UserErrors([{ code, field, message }]);
}

/**
 * Every write to the evaluations of an agreement's targets (prepare, void,
 * finalize) happens under this row lock, so concurrent preparations and
 * finalizations of one agreement run one after the other, and whatever a
 * mutation reads after taking it (statuses, the remaining budget) stays true
 * until it commits.
 */
async function lockAgreement(em: EntityManager, agreementId: string): Promise<FundingAgreementEntity> {
  return (await em.findOne(FundingAgreementEntity, { where: { id: agreementId }, lock: { mode: 'pessimistic_write' } }))!;
}


/** R9: an agency officer counts the verified activities of a target's period and stores the result as a DRAFT. */
export async function evaluatePerformanceTarget(
  ctx: Context,
  input: EvaluatePerformanceTargetInput,
): Promise<MutationOutcome<TargetEvaluationEntity>> {
  const field = ['input', 'targetId'];
  const targetId = decodeId(input.targetId, 'PerformanceTarget', 'input.targetId');
  const preparer = actingAgency(ctx.principal!, AgencyKind.PUBLIC_AGENCY);
  return runMutation(ctx, 'evaluatePerformanceTarget', async (em) => {
    const target = await visibleAgreementChildren(
      em.getRepository(PerformanceTargetEntity).createQueryBuilder('t').where('t.id = :targetId', { targetId }),
      't',
      ctx.principal,
    ).getOne();
    if (!target) refuse(UserErrorCode.NOT_FOUND, field, 'No performance target has this id');
    const agreement = await lockAgreement(em, target.agreementId);
    assertAgreementAllows(agreement.status, 'prepareEvaluation', field);
    // A finalized target is settled: a new draft could never be finalized (R10), so none is made.
    if (await em.existsBy(TargetEvaluationEntity, { targetId, status: 'FINALIZED' })) {
      refuse(UserErrorCode.INVALID_STATE, field, 'This target already has a finalized evaluation; it cannot be evaluated again');
    }

    const [current] = await evaluateTargetsNow(em, [target]);
    // Informational until finalization, which applies the budget remaining then.
    const { payout, capped } = applyBudgetCap(current.result.computedPayout, await outcomeBudgetRemaining(em, agreement));
    const now = new Date();
    const voided: { id: string }[] = (
      await em
        .createQueryBuilder()
        .update(TargetEvaluationEntity)
        .set({ status: 'VOID', voidedAt: now })
        .where("target_id = :targetId AND status = 'DRAFT'", { targetId })
        .returning('id')
        .execute()
    ).raw;
    const evaluation = await em.save(
      em.create(TargetEvaluationEntity, {
        targetId,
        status: 'DRAFT',
        actualValue: current.actualValue,
        achieved: current.result.achieved,
        computedPayout: current.result.computedPayout,
        payout,
        capped,
        explanation: current.result.explanation,
        preparedById: preparer.id,
        preparedBySubject: ctx.principal!.subject,
        preparedAt: now,
        finalizedById: null,
        finalizedBySubject: null,
        finalizedAt: null,
        voidedAt: null,
      }),
    );
    if (current.activityIds.length) {
      await em.insert(
        EvaluationActivityEntity,
        current.activityIds.map((activityId) => ({ evaluationId: evaluation.id, activityId })),
      );
    }
    const entityId = encodeGlobalId('TargetEvaluation', evaluation.id);
    return {
      value: evaluation,
      audit: {
        entityType: 'TargetEvaluation',
        entityId,
        changes: {
          target: input.targetId,
          status: 'DRAFT',
          actualValue: current.actualValue.toString(),
          achieved: current.result.achieved,
          computedPayout: current.result.computedPayout.toString(),
          payout: payout.toString(),
          capped,
          explanation: current.result.explanation,
          preparedBy: preparer.code,
          countedActivities: current.activityIds.length,
          voidedEvaluations: voided.map((row) => encodeGlobalId('TargetEvaluation', String(row.id))),
        },
      },
    };
  });
}

/**
 * R10: the agreement's funder finalizes a draft. The checks run after the
 * agreement lock, on a fresh read of the evaluation, so of concurrent
 * finalizations of one draft the first wins and the rest find it FINALIZED.
 */
export async function finalizeTargetEvaluation(
  ctx: Context,
  input: FinalizeTargetEvaluationInput,
): Promise<MutationOutcome<TargetEvaluationEntity>> {
  const field = ['input', 'id'];
  const evaluationId = decodeId(input.id, 'TargetEvaluation', 'input.id');
  const funder = actingAgency(ctx.principal!, AgencyKind.FINANCIAL_INSTITUTION);
  return runMutation(
    ctx,
    'finalizeTargetEvaluation',
    async (em) => {
      const visible = await visibleEvaluations(
        em.getRepository(TargetEvaluationEntity).createQueryBuilder('e').where('e.id = :evaluationId', { evaluationId }),
        'e',
        ctx.principal,
      ).getOne();
      const target = visible && (await em.findOneBy(PerformanceTargetEntity, { id: visible.targetId }));
      const agreement = target && (await lockAgreement(em, target.agreementId));
      // Visibility already limits a funder officer to its own agreements; this keeps the rule explicit.
      if (!target || !agreement || agreement.funderId !== funder.id) {
        refuse(UserErrorCode.NOT_FOUND, field, 'No target evaluation has this id');
      }
      const evaluation = (await em.findOneBy(TargetEvaluationEntity, { id: evaluationId }))!;

      if (evaluation.preparedById === funder.id) {
        throw forbidden('Four eyes (R10): the agency that prepared an evaluation may not finalize it');
      }
      if (evaluation.status !== 'DRAFT') {
        refuse(UserErrorCode.INVALID_STATE, field, `Only a DRAFT evaluation can be finalized; this one is ${evaluation.status}`);
      }
      if (await em.existsBy(TargetEvaluationEntity, { targetId: target.id, status: 'FINALIZED' })) {
        refuse(UserErrorCode.INVALID_STATE, field, FINALIZE_DUPLICATES.target_evaluation_one_finalized_idx.message);
      }
      assertAgreementAllows(agreement.status, 'finalizeEvaluation', field);
      const today = programToday();
      // The period includes its last day: until that day is over, activities may still come in.
      if (today <= target.periodEnd && !evaluation.achieved) {
        refuse(
          UserErrorCode.INVALID_STATE,
          field,
          `The target's period runs until ${target.periodEnd} (today is ${today} in Seoul); ` +
            'before its end an evaluation can be finalized only when the target is achieved',
        );
      }
      const [current] = await evaluateTargetsNow(em, [target]);
      const counted = await countedActivityIds(em, evaluation.id);
      if (!sameIds(counted, current.activityIds) || current.actualValue !== evaluation.actualValue) {
        refuse(
          UserErrorCode.STALE_EVALUATION,
          field,
          `The verified activities of the target's period changed after this evaluation was prepared ` +
            `(${counted.length} counted then, ${current.activityIds.length} would count now); prepare a new evaluation`,
        );
      }

      const { payout, capped } = applyBudgetCap(evaluation.computedPayout, await outcomeBudgetRemaining(em, agreement));
      const now = new Date();
      const draft = { payout: evaluation.payout, capped: evaluation.capped };
      const finalized = {
        status: 'FINALIZED' as const,
        payout,
        capped,
        finalizedAt: now,
        finalizedById: funder.id,
        finalizedBySubject: ctx.principal!.subject,
      };
      await em.update(TargetEvaluationEntity, { id: evaluation.id }, finalized);
      Object.assign(evaluation, finalized);
      // R10: a payout > 0 schedules the outcome payment; a payout of 0 owes nothing.
      let disbursementId: string | null = null;
      if (payout > 0n) {
        const disbursement = await em.save(
          em.create(DisbursementEntity, {
            agreementId: agreement.id,
            evaluationId: evaluation.id,
            kind: 'OUTCOME_PAYMENT',
            amount: payout,
            status: 'SCHEDULED',
            scheduledAt: now,
            paidAt: null,
            bankReference: null,
            cancelledAt: null,
          }),
        );
        disbursementId = encodeGlobalId('Disbursement', disbursement.id);
      }
      return {
        value: evaluation,
        events: [{ topic: 'EVALUATION_FINALIZED', agreementId: agreement.id, id: evaluation.id }],
        audit: {
          entityType: 'TargetEvaluation',
          entityId: input.id,
          changes: {
            status: { from: 'DRAFT', to: 'FINALIZED' },
            payout: { from: draft.payout.toString(), to: payout.toString() },
            capped: { from: draft.capped, to: capped },
            finalizedAt: now.toISOString(),
            finalizedBy: funder.code,
            outcomePayment: disbursementId,
          },
        },
      };
    },
    FINALIZE_DUPLICATES,
  );
}

async function countedActivityIds(em: EntityManager, evaluationId: string): Promise<string[]> {
  const rows = await em.find(EvaluationActivityEntity, { where: { evaluationId }, select: { activityId: true } });
  return rows.map((row) => String(row.activityId));
}

function sameIds(a: string[], b: string[]): boolean {
  const set = new Set(a);
  return a.length === b.length && b.every((id) => set.has(id));
}
