import { EntityManager, In } from 'typeorm';
import { actingAgency } from '../../auth/acting-agency';
import type { Principal } from '../../auth/roles';
import { visibleRows } from '../../auth/visibility';
import { assertActsForFunder, findVisibleForUpdate, lockRow } from '../../auth/write-access';
import { BY_ID, ConnectionResult, ListArgs, paginate } from '../../common/connection';
import { AgencyKind, AgreementStatus, DisbursementKind, DisbursementStatus, EventType, RecommendationStatus } from '../../common/enums';
import { encodeGlobalId } from '../../common/global-id';
import { refuse, refuseAny } from '../../common/user-error';
import type { MutationOutcome } from '../../common/user-error';
import { validateInput } from '../../common/validation';
import type { Context } from '../../context';
import { emitEvent, type MutationService, runMutation } from '../../db/mutation';
import { DisbursementEntity } from '../disbursements/disbursement.entity';
import { disbursementEvent, scheduleDisbursement } from '../disbursements/disbursement.service';
import { ProgramEntity } from '../programs/program.entity';
import { reserveBudget, termErrors } from '../programs/program.service';
import { RECOMMENDATIONS } from '../recommendations/recommendation.loaders';
import { AgreementAction, nextStatus } from './agreement-lifecycle';
import { FundingAgreementEntity } from './funding-agreement.entity';
import { AGREEMENT_DUPLICATES, agreementErrors } from './funding-agreement.errors';
import { ChangeAgreementStatusInput, CreateFundingAgreementInput, FundingAgreementFilter } from './funding-agreement.inputs';
import { AGREEMENTS } from './funding-agreement.loaders';
import { filterAgreements } from './funding-agreement.queries';
import { PerformanceTargetEntity } from './performance-target.entity';
import { checkPerformanceTarget, targetChanges } from './performance-target.service';

/** In creation order. The filter's ids are database ids. */
export function listFundingAgreements(ctx: Context, args: ListArgs<FundingAgreementFilter>): Promise<ConnectionResult<FundingAgreementEntity>> {
  const qb = filterAgreements(visibleRows(ctx.db, AGREEMENTS, 'a', ctx.principal), 'a', args.filter);
  return paginate(qb, args, BY_ID, ctx.config.maxPageSize);
}

/** R5: by the funder, from an ACCEPTED recommendation, which names funder and recipient. */
export const createFundingAgreement: MutationService<CreateFundingAgreementInput, FundingAgreementEntity> = (ctx, principal, input) => {
  const funder = actingAgency(principal, AgencyKind.FINANCIAL_INSTITUTION);
  return runMutation(ctx, principal, 'createFundingAgreement', async (em) => {
    const targets = await Promise.all(
      (input.targets ?? []).map((target, i) => checkPerformanceTarget(target, input, ['input', 'targets', String(i)])),
    );
    refuseAny([
      ...(await validateInput(input)),
      ...(input.startsOn >= input.endsOn ? [agreementErrors.endsOnNotAfterStartsOn()] : []),
      ...targets.flatMap((target) => target.errors),
    ]);
    const recommendation = await findVisibleForUpdate(em, principal, RECOMMENDATIONS, input.recommendationId, ['input', 'recommendationId']);
    assertActsForFunder(funder, recommendation.funderId);
    if (recommendation.status !== RecommendationStatus.ACCEPTED) refuse(agreementErrors.recommendationNotAccepted(recommendation.status));
    // R15: the program comes with the recommendation; the term lies within its dates.
    refuseAny(termErrors(await lockRow(em, ProgramEntity, recommendation.programId, 'pessimistic_read'), input));
    const agreement = await em.save(
      em.create(FundingAgreementEntity, {
        agreementNumber: input.agreementNumber,
        recommendationId: recommendation.id,
        funderId: recommendation.funderId,
        recipientId: recommendation.enterpriseId,
        programId: recommendation.programId,
        status: AgreementStatus.DRAFT,
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
      recommendationId: encodeGlobalId('Recommendation', recommendation.id),
      agreementNumber: agreement.agreementNumber,
      funderId: encodeGlobalId('Agency', agreement.funderId),
      recipientId: encodeGlobalId('Enterprise', agreement.recipientId),
      programId: encodeGlobalId('Program', agreement.programId),
      status: agreement.status,
      startsOn: agreement.startsOn,
      endsOn: agreement.endsOn,
      baseAmount: agreement.baseAmount.toString(),
      outcomeBudgetCap: agreement.outcomeBudgetCap.toString(),
      targets: savedTargets.map(targetChanges),
    };
    return { value: agreement, audit: { entityType: 'FundingAgreement', entityId: encodeGlobalId('FundingAgreement', agreement.id), changes } };
  }, AGREEMENT_DUPLICATES);
};

const MUTATION_OF: Record<AgreementAction, string> = {
  activate: 'activateFundingAgreement',
  complete: 'completeFundingAgreement',
  terminate: 'terminateFundingAgreement',
};

const EVENT_OF: Record<AgreementAction, EventType> = {
  activate: EventType.AGREEMENT_ACTIVATED,
  complete: EventType.AGREEMENT_COMPLETED,
  terminate: EventType.AGREEMENT_TERMINATED,
};

/** What a transition does besides changing the status; returns what the audit log should add. */
type TransitionEffect = (
  em: EntityManager,
  agreement: FundingAgreementEntity,
  now: Date,
  reason: string | null,
) => Promise<Record<string, unknown>>;

const EFFECTS: Record<AgreementAction, TransitionEffect> = {
  /** R6: needs a target; R15: needs room in the program's budget; schedules the base grant (when there is one) in the same transaction. */
  async activate(em, agreement, now) {
    if ((await em.countBy(PerformanceTargetEntity, { agreementId: agreement.id })) === 0) refuse(agreementErrors.activationWithoutTarget());
    await reserveBudget(em, agreement.programId, agreement.baseAmount + agreement.outcomeBudgetCap);
    agreement.activatedAt = now;
    if (agreement.baseAmount === 0n) return {};
    const grant = await scheduleDisbursement(em, { agreementId: agreement.id, kind: DisbursementKind.BASE_GRANT, amount: agreement.baseAmount, at: now });
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
      .set({ status: DisbursementStatus.CANCELLED, cancelledAt: now })
      .where('agreement_id = :agreementId AND kind = :baseGrant AND status = :scheduled', {
        agreementId: agreement.id,
        baseGrant: DisbursementKind.BASE_GRANT,
        scheduled: DisbursementStatus.SCHEDULED,
      })
      .returning('id')
      .execute();
    const ids = (result.raw as { id: string }[]).map((row) => String(row.id));
    const cancelled = ids.length ? await em.findBy(DisbursementEntity, { id: In(ids) }) : [];
    for (const disbursement of cancelled) emitEvent(em, disbursementEvent(EventType.DISBURSEMENT_CANCELLED, disbursement));
    return cancelled.length ? { baseGrantCancelled: encodeGlobalId('Disbursement', cancelled[0].id) } : {};
  },
};

const AUDITED_FIELDS = ['status', 'activatedAt', 'completedAt', 'terminatedAt', 'terminationReason'] as const;

/** R6: activate, complete or terminate, by the agreement's funder, through nextStatus() only. */
export function changeAgreementStatus(
  ctx: Context,
  principal: Principal,
  input: ChangeAgreementStatusInput,
  action: AgreementAction,
): Promise<MutationOutcome<FundingAgreementEntity>> {
  const funder = actingAgency(principal, AgencyKind.FINANCIAL_INSTITUTION);
  return runMutation(ctx, principal, MUTATION_OF[action], async (em) => {
    refuseAny([
      ...(await validateInput(input)),
      ...(action === 'terminate' && !input.reason?.trim() ? [agreementErrors.terminationWithoutReason()] : []),
    ]);
    const agreement = await findVisibleForUpdate(em, principal, AGREEMENTS, input.id, ['input', 'id']);
    assertActsForFunder(funder, agreement.funderId);
    const before = { ...agreement };
    const status = nextStatus(agreement.status, action);
    emitEvent(em, {
      type: EVENT_OF[action],
      subject: { type: 'FundingAgreement', id: agreement.id },
      agreementId: agreement.id,
      programId: agreement.programId,
      data: { status, agreementNumber: agreement.agreementNumber },
    });
    const effects = await EFFECTS[action](em, agreement, new Date(), input.reason ?? null);
    agreement.status = status;
    const saved = await em.save(agreement);
    const changes: Record<string, unknown> = {};
    for (const field of AUDITED_FIELDS) {
      if (before[field] !== saved[field]) changes[field] = { from: before[field], to: saved[field] };
    }
    if (input.reason != null) changes.reason = input.reason;
    const entityId = encodeGlobalId('FundingAgreement', saved.id);
    return { value: saved, audit: { entityType: 'FundingAgreement', entityId, changes: { ...changes, ...effects } } };
  });
}
