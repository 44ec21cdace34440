import { EntityManager } from 'typeorm';
import { actingAgency } from '../../auth/acting-agency';
import { visibleRows } from '../../auth/visibility';
import { findVisibleForUpdate, lockRow } from '../../auth/write-access';
import { BY_ID, ConnectionResult, ListArgs, paginate } from '../../common/connection';
import { ActivityStatus, AgencyKind, AssessmentPhase, DisbursementKind, EvaluationStatus, EventType, MatchStatus, TargetMetric } from '../../common/enums';
import { encodeGlobalId } from '../../common/global-id';
import { LIST_LIMITS } from '../../common/list-limits';
import { programToday } from '../../common/program-calendar';
import { notFound, refuse } from '../../common/user-error';
import type { Context } from '../../context';
import { emitEvent, type MutationService, runMutation } from '../../db/mutation';
import { metricValue } from '../../payouts/metrics';
import { applyBudgetCap, computePayout, PayoutResult } from '../../payouts/payout';
import { scheduleDisbursement } from '../disbursements/disbursement.service';
import { assertAgreementAllows } from '../funding-agreements/agreement-lifecycle';
import { FundingAgreementEntity } from '../funding-agreements/funding-agreement.entity';
import { agreementLoaders, TARGETS } from '../funding-agreements/funding-agreement.loaders';
import { PerformanceTargetEntity } from '../funding-agreements/performance-target.entity';
import { payoutRuleOf } from '../funding-agreements/performance-target.service';
import { ImprovementActivityEntity } from '../improvement-activities/improvement-activity.entity';
import { EVALUATION_TRANSITIONS, nextEvaluationStatus } from './evaluation-lifecycle';
import { EvaluationActivityEntity, EvaluationMatchEntity, TargetEvaluationEntity } from './target-evaluation.entity';
import { evaluationErrors, FINALIZE_DUPLICATES } from './target-evaluation.errors';
import { EvaluatePerformanceTargetInput, FinalizeTargetEvaluationInput, TargetEvaluationFilter } from './target-evaluation.inputs';
import { EVALUATIONS } from './target-evaluation.loaders';
import { outcomeBudgetRemaining, outcomePaymentsEarned } from './target-evaluation.queries';
import { PayoutProjection } from './target-evaluation.types';

/** Oldest first. The filter's agreementId is a database id. */
export function listTargetEvaluations(ctx: Context, args: ListArgs<TargetEvaluationFilter>): Promise<ConnectionResult<TargetEvaluationEntity>> {
  const filter = args.filter ?? {};
  const qb = visibleRows(ctx.db, EVALUATIONS, 'e', ctx.principal);
  if (filter.status?.length) qb.andWhere('e.status IN (:...statuses)', { statuses: filter.status });
  if (filter.agreementId) {
    qb.andWhere('e.target_id IN (SELECT id FROM performance_target WHERE agreement_id = :agreementId)', { agreementId: filter.agreementId });
  }
  if (filter.achieved != null) qb.andWhere('e.achieved = :achieved', { achieved: filter.achieved });
  return paginate(qb, args, BY_ID, ctx.config.maxPageSize);
}

// ---------------------------------------------------------------- the evaluation as of now (R9, R11)

/**
 * What evaluating a target right now yields. evaluatePerformanceTarget stores
 * it, finalizeTargetEvaluation compares a draft with it (STALE_EVALUATION) and
 * projectedPayouts shows it, so all three count the same activities the same way.
 */
export interface CurrentEvaluation {
  target: PerformanceTargetEntity;
  /** The counted activities' ids, ascending (none for WORKSITES_IMPROVED). */
  activityIds: string[];
  /** WORKSITES_IMPROVED (R23): the counted matches' ids, ascending; none for the other metrics. */
  matchIds: string[];
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
    .andWhere('a.status = :verified', { verified: ActivityStatus.VERIFIED })
    .andWhere('a.completed_on BETWEEN :from AND :to', { from, to })
    .orderBy('a.id')
    .getMany();

  const improved = targets.some((t) => t.metric === TargetMetric.WORKSITES_IMPROVED) ? await improvedWorksites(em, agreementIds) : [];

  return targets.map((target) => {
    // 'YYYY-MM-DD' strings compare as the dates they name.
    const within = (day: string) => day >= target.periodStart && day <= target.periodEnd;
    const worksites = target.metric === TargetMetric.WORKSITES_IMPROVED;
    const counted = worksites ? [] : verified.filter((a) => a.agreementId === target.agreementId && within(a.completedOn));
    const matchIds = worksites ? improved.filter((m) => m.agreementId === target.agreementId && within(m.followUpOn)).map((m) => m.id) : [];
    const actualValue = target.metric === TargetMetric.WORKSITES_IMPROVED ? BigInt(matchIds.length) : metricValue(target.metric, counted);
    const result = computePayout({
      baseline: BigInt(target.baseline),
      targetValue: BigInt(target.targetValue),
      maxPayout: target.maxPayout,
      actual: actualValue,
      rule: payoutRuleOf(target),
    });
    return { target, activityIds: counted.map((a) => String(a.id)), matchIds, actualValue, result };
  });
}

/**
 * R23: the agreements' ACCEPTED matches whose worksite improved (FOLLOW_UP
 * below BASELINE), with the follow-up's day, which the target's period selects.
 */
async function improvedWorksites(em: EntityManager, agreementIds: string[]): Promise<{ id: string; agreementId: string; followUpOn: string }[]> {
  const rows: { id: string; agreement_id: string; follow_up_on: string }[] = await em.query(
    `SELECT m.id, m.agreement_id, f.assessed_on AS follow_up_on
       FROM supplier_match m
       JOIN worksite_assessment b ON b.match_id = m.id AND b.phase = '${AssessmentPhase.BASELINE}'
       JOIN worksite_assessment f ON f.match_id = m.id AND f.phase = '${AssessmentPhase.FOLLOW_UP}'
      WHERE m.agreement_id = ANY($1::bigint[]) AND m.status = '${MatchStatus.ACCEPTED}' AND f.risk_level < b.risk_level
      ORDER BY m.id`,
    [agreementIds],
  );
  return rows.map((row) => ({ id: String(row.id), agreementId: String(row.agreement_id), followUpOn: row.follow_up_on }));
}

/** R10: the agreement's remaining outcome budget, read inside the caller's transaction. */
async function remainingBudget(em: EntityManager, agreement: FundingAgreementEntity): Promise<bigint> {
  const [earned] = await outcomePaymentsEarned(em, [agreement.id]);
  return outcomeBudgetRemaining(agreement, earned);
}

// ---------------------------------------------------------------- projectedPayouts

/**
 * What each target of a visible agreement would pay if evaluated and finalized
 * now; nothing is written. An agreement the caller may not see, or that does
 * not exist, has no projections.
 */
export async function projectPayouts(ctx: Context, agreementId: string): Promise<PayoutProjection[]> {
  const agreement = await agreementLoaders(ctx).byId.load(agreementId);
  if (!agreement) return [];
  const targets = await agreementLoaders(ctx).targetsByAgreement.load(agreement.id);
  const [evaluations, remaining] = await Promise.all([evaluateTargetsNow(ctx.db.manager, targets), remainingBudget(ctx.db.manager, agreement)]);
  return evaluations.map(({ target, actualValue, result }) => ({
    target,
    actualValue: Number(actualValue),
    achievementRatio: result.achievementRatio,
    achieved: result.achieved,
    computedPayout: result.computedPayout,
    explanation: result.explanation,
    ...applyBudgetCap(result.computedPayout, remaining),
  }));
}

// ---------------------------------------------------------------- mutations (R9, R10)

/**
 * Every write to the evaluations of an agreement's targets (prepare, void,
 * finalize) happens under this row lock, so concurrent preparations and
 * finalizations of one agreement run one after the other, and whatever a
 * mutation reads after taking it (statuses, the remaining budget) stays true
 * until it commits.
 */
async function lockAgreement(em: EntityManager, agreementId: string): Promise<FundingAgreementEntity> {
  return lockRow(em, FundingAgreementEntity, agreementId);
}


/** R9: an agency officer counts the verified activities of a target's period and stores the result as a DRAFT. */
export const evaluatePerformanceTarget: MutationService<EvaluatePerformanceTargetInput, TargetEvaluationEntity> = (ctx, principal, input) => {
  const field = ['input', 'targetId'];
  const { targetId } = input;
  const preparer = actingAgency(principal, AgencyKind.PUBLIC_AGENCY);
  return runMutation(ctx, principal, 'evaluatePerformanceTarget', async (em) => {
    const target = await findVisibleForUpdate(em, principal, TARGETS, targetId, field, null);
    const agreement = await lockAgreement(em, target.agreementId);
    assertAgreementAllows(agreement.status, 'prepareEvaluation', field);
    // A finalized target is settled: a new draft could never be finalized (R10), so none is made.
    if (await em.existsBy(TargetEvaluationEntity, { targetId, status: EvaluationStatus.FINALIZED })) refuse(evaluationErrors.targetSettled());
    if ((await em.countBy(TargetEvaluationEntity, { targetId })) >= LIST_LIMITS.evaluationsPerTarget) refuse(evaluationErrors.tooManyEvaluations());

    const [current] = await evaluateTargetsNow(em, [target]);
    // Informational until finalization, which applies the budget remaining then.
    const { payout, capped } = applyBudgetCap(current.result.computedPayout, await remainingBudget(em, agreement));
    const now = new Date();
    const voiding = EVALUATION_TRANSITIONS.void;
    const voided: { id: string }[] = (
      await em
        .createQueryBuilder()
        .update(TargetEvaluationEntity)
        .set({ status: voiding.to, voidedAt: now })
        .where('target_id = :targetId AND status IN (:...voidable)', { targetId, voidable: voiding.from })
        .returning('id')
        .execute()
    ).raw;
    const evaluation = await em.save(
      em.create(TargetEvaluationEntity, {
        targetId,
        status: EvaluationStatus.DRAFT,
        actualValue: current.actualValue,
        achieved: current.result.achieved,
        computedPayout: current.result.computedPayout,
        payout,
        capped,
        explanation: current.result.explanation,
        preparedById: preparer.id,
        preparedBySubject: principal.subject,
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
    if (current.matchIds.length) {
      await em.insert(EvaluationMatchEntity, current.matchIds.map((matchId) => ({ evaluationId: evaluation.id, matchId })));
    }
    const entityId = encodeGlobalId('TargetEvaluation', evaluation.id);
    return {
      value: evaluation,
      audit: {
        entityType: 'TargetEvaluation',
        entityId,
        changes: {
          target: encodeGlobalId('PerformanceTarget', targetId),
          status: evaluation.status,
          actualValue: current.actualValue.toString(),
          achieved: current.result.achieved,
          computedPayout: current.result.computedPayout.toString(),
          payout: payout.toString(),
          capped,
          explanation: current.result.explanation,
          preparedBy: preparer.code,
          countedActivities: current.activityIds.length,
          ...(current.matchIds.length ? { countedMatches: current.matchIds.map((id) => encodeGlobalId('SupplierMatch', id)) } : {}),
          voidedEvaluations: voided.map((row) => encodeGlobalId('TargetEvaluation', String(row.id))),
        },
      },
    };
  });
};

/**
 * R10: the agreement's funder finalizes a draft. The checks run after the
 * agreement lock, on a fresh read of the evaluation, so of concurrent
 * finalizations of one draft the first wins and the rest find it FINALIZED.
 */
export const finalizeTargetEvaluation: MutationService<FinalizeTargetEvaluationInput, TargetEvaluationEntity> = (ctx, principal, input) => {
  const field = ['input', 'id'];
  const evaluationId = input.id;
  const funder = actingAgency(principal, AgencyKind.FINANCIAL_INSTITUTION);
  return runMutation(ctx, principal, 'finalizeTargetEvaluation', async (em) => {
    const visible = await findVisibleForUpdate(em, principal, EVALUATIONS, evaluationId, field, null);
    const target = await em.findOneByOrFail(PerformanceTargetEntity, { id: visible.targetId });
    const agreement = await lockAgreement(em, target.agreementId);
    // Visibility already limits a funder officer to its own agreements; this keeps the rule explicit.
    if (agreement.funderId !== funder.id) refuse(notFound(field, EVALUATIONS.noun));
    const evaluation = await em.findOneByOrFail(TargetEvaluationEntity, { id: evaluationId });

    if (evaluation.preparedById === funder.id) throw evaluationErrors.preparerFinalizing();
    if (evaluation.preparedBySubject === principal.subject) refuse(evaluationErrors.preparerSubjectFinalizing());
    const status = nextEvaluationStatus(evaluation.status, 'finalize');
    if (await em.existsBy(TargetEvaluationEntity, { targetId: target.id, status: EvaluationStatus.FINALIZED })) {
      refuse(evaluationErrors.targetAlreadyFinalized());
    }
    assertAgreementAllows(agreement.status, 'finalizeEvaluation', field);
    const today = programToday();
    // The period includes its last day: until that day is over, activities may still come in.
    if (today <= target.periodEnd && !evaluation.achieved) refuse(evaluationErrors.periodRunningNotAchieved(target.periodEnd, today));
    const [current] = await evaluateTargetsNow(em, [target]);
    const counted = await countedIds(em, evaluation.id);
    if (!sameIds(counted.activityIds, current.activityIds) || !sameIds(counted.matchIds, current.matchIds) || current.actualValue !== evaluation.actualValue) {
      refuse(
        current.target.metric === TargetMetric.WORKSITES_IMPROVED
          ? evaluationErrors.staleMatches(counted.matchIds.length, current.matchIds.length)
          : evaluationErrors.stale(counted.activityIds.length, current.activityIds.length),
      );
    }

    const { payout, capped } = applyBudgetCap(evaluation.computedPayout, await remainingBudget(em, agreement));
    const now = new Date();
    const draft = { status: evaluation.status, payout: evaluation.payout, capped: evaluation.capped };
    const finalized = { status, payout, capped, finalizedAt: now, finalizedById: funder.id, finalizedBySubject: principal.subject };
    await em.update(TargetEvaluationEntity, { id: evaluation.id }, finalized);
    Object.assign(evaluation, finalized);
    emitEvent(em, {
      type: EventType.EVALUATION_FINALIZED,
      subject: { type: 'TargetEvaluation', id: evaluation.id },
      agreementId: agreement.id,
      data: { targetId: encodeGlobalId('PerformanceTarget', target.id), payout: payout.toString(), capped },
    });
    // R10: a payout > 0 schedules the outcome payment; a payout of 0 owes nothing.
    const outcomePayment =
      payout > 0n
        ? await scheduleDisbursement(em, {
            agreementId: agreement.id,
            evaluationId: evaluation.id,
            kind: DisbursementKind.OUTCOME_PAYMENT,
            amount: payout,
            at: now,
          })
        : null;
    return {
      value: evaluation,
      audit: {
        entityType: 'TargetEvaluation',
        entityId: encodeGlobalId('TargetEvaluation', evaluation.id),
        changes: {
          status: { from: draft.status, to: status },
          payout: { from: draft.payout.toString(), to: payout.toString() },
          capped: { from: draft.capped, to: capped },
          finalizedAt: now.toISOString(),
          finalizedBy: funder.code,
          outcomePayment: outcomePayment && encodeGlobalId('Disbursement', outcomePayment.id),
        },
      },
    };
  }, FINALIZE_DUPLICATES);
};

/** What a draft counted: its activities (R9) and, for WORKSITES_IMPROVED, its matches (R23). */
async function countedIds(em: EntityManager, evaluationId: string): Promise<{ activityIds: string[]; matchIds: string[] }> {
  const activities = await em.find(EvaluationActivityEntity, { where: { evaluationId }, select: { activityId: true } });
  const matches = await em.find(EvaluationMatchEntity, { where: { evaluationId }, select: { matchId: true } });
  return { activityIds: activities.map((row) => String(row.activityId)), matchIds: matches.map((row) => String(row.matchId)) };
}

function sameIds(a: string[], b: string[]): boolean {
  const set = new Set(a);
  return a.length === b.length && b.every((id) => set.has(id));
}
