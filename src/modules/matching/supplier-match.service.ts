import { EntityManager } from 'typeorm';
import { actingAgency } from '../../auth/acting-agency';
import { Principal, Role } from '../../auth/roles';
import { assertActsForOperator, assertActsForPartyOrOperator, findVisibleForUpdate, lockRow } from '../../auth/write-access';
import { AgencyKind, AgreementStatus, AssessmentPhase, EvaluationStatus, EventType, MatchSide, MatchStatus, SupportRequestStatus } from '../../common/enums';
import { encodeGlobalId } from '../../common/global-id';
import { LIST_LIMITS } from '../../common/list-limits';
import { programToday } from '../../common/program-calendar';
import { refuse, refuseAny, UserError } from '../../common/user-error';
import { validateInput } from '../../common/validation';
import { now } from '../../context';
import type { Context } from '../../context';
import { BusinessEvent, emitEvent, type MutationService, runMutation } from '../../db/mutation';
import { AGREEMENTS } from '../funding-agreements/funding-agreement.loaders';
import { ProgramEntity } from '../programs/program.entity';
import { MATCH_DUPLICATES, matchingErrors } from './matching.errors';
import { CancelSupplierMatchInput, ProposeSupplierMatchInput, RecordWorksiteAssessmentInput, RespondToSupplierMatchInput } from './matching.inputs';
import { MATCHES, REQUESTS } from './matching.loaders';
import { SupplierMatchEntity, WorksiteAssessmentEntity } from './supplier-match.entity';
import { SupportRequestEntity } from './support-request.entity';

const matchAudit = (match: SupplierMatchEntity, changes: Record<string, unknown>) => ({
  entityType: 'SupplierMatch',
  entityId: encodeGlobalId('SupplierMatch', match.id),
  changes,
});

/** A day given for a side's answer or an assessment: not after today, within the program's dates (R21, R22). */
function dayErrors(ctx: Context, field: string, day: string, program: ProgramEntity): UserError[] {
  const today = programToday(now(ctx));
  if (day > today) return [matchingErrors.dayInFuture(field, today)];
  if (day < program.startsOn || day > program.endsOn) return [matchingErrors.dayOutsideProgram(field, program)];
  return [];
}

/**
 * The match a write acts on, within what the caller may see, with its request
 * and program: the request is locked before the match (as proposing and
 * withdrawing lock them), so concurrent writes queue instead of deadlocking.
 */
async function lockMatch(
  em: EntityManager,
  principal: Principal,
  id: string,
  field: string[],
): Promise<{ match: SupplierMatchEntity; request: SupportRequestEntity; program: ProgramEntity }> {
  const seen = await findVisibleForUpdate(em, principal, MATCHES, id, field, null);
  const request = await lockRow(em, SupportRequestEntity, seen.requestId);
  const match = await lockRow(em, SupplierMatchEntity, seen.id);
  const program = await lockRow(em, ProgramEntity, request.programId, 'pessimistic_read');
  return { match, request, program };
}

/**
 * R21: by an officer of the program's operator, for a request that is not
 * WITHDRAWN and an ACTIVE agreement of the same program whose supplier is
 * not the beneficiary; one PROPOSED or ACCEPTED match per (request, agreement).
 */
export const proposeSupplierMatch: MutationService<ProposeSupplierMatchInput, SupplierMatchEntity> = (ctx, principal, input) => {
  const agency = actingAgency(principal, AgencyKind.PUBLIC_AGENCY);
  return runMutation(ctx, principal, 'proposeSupplierMatch', async (em) => {
    refuseAny(await validateInput(input));
    const request = await findVisibleForUpdate(em, principal, REQUESTS, input.requestId, ['input', 'requestId']);
    const program = await lockRow(em, ProgramEntity, request.programId, 'pessimistic_read');
    assertActsForOperator(agency, program.operatorId);
    if (request.status === SupportRequestStatus.WITHDRAWN) refuse(matchingErrors.requestWithdrawn());
    const agreement = await findVisibleForUpdate(em, principal, AGREEMENTS, input.agreementId, ['input', 'agreementId'], 'pessimistic_read');
    refuseAny([
      ...(agreement.status !== AgreementStatus.ACTIVE ? [matchingErrors.agreementNotActive(agreement.status)] : []),
      ...(agreement.programId !== request.programId ? [matchingErrors.agreementOfAnotherProgram()] : []),
      ...(agreement.recipientId === request.beneficiaryId ? [matchingErrors.supplierIsBeneficiary()] : []),
    ]);
    const live = await em.countBy(SupplierMatchEntity, [
      { agreementId: agreement.id, status: MatchStatus.PROPOSED },
      { agreementId: agreement.id, status: MatchStatus.ACCEPTED },
    ]);
    if (live >= LIST_LIMITS.matchesPerAgreement) refuse(matchingErrors.tooManyMatchesOfAgreement());
    if ((await em.countBy(SupplierMatchEntity, { requestId: request.id })) >= LIST_LIMITS.matchesPerRequest) refuse(matchingErrors.tooManyMatchesOfRequest());
    const { id } = await em.save(
      em.create(SupplierMatchEntity, {
        requestId: request.id,
        agreementId: agreement.id,
        supplierId: agreement.recipientId,
        beneficiaryId: request.beneficiaryId,
        status: MatchStatus.PROPOSED,
        proposedBy: principal.subject,
        proposedAt: now(ctx),
      }),
    );
    const saved = await em.findOneByOrFail(SupplierMatchEntity, { id });
    emitEvent(em, matchEvent(EventType.SUPPLIER_MATCH_PROPOSED, saved));
    return {
      value: saved,
      audit: matchAudit(saved, {
        requestId: encodeGlobalId('SupportRequest', request.id),
        agreementId: encodeGlobalId('FundingAgreement', agreement.id),
        supplierId: encodeGlobalId('Enterprise', saved.supplierId),
        beneficiaryId: encodeGlobalId('Enterprise', saved.beneficiaryId),
        status: saved.status,
      }),
    };
  }, MATCH_DUPLICATES);
};

/** The side an answer is for: an enterprise answers for its own side; an officer names the side it records. */
function sideOf(principal: Principal, match: SupplierMatchEntity, input: RespondToSupplierMatchInput): MatchSide | UserError[] {
  if (principal.role === Role.ENTERPRISE) {
    const errors = [
      ...(input.onBehalfOf != null ? [matchingErrors.onBehalfOfForEnterprise('onBehalfOf')] : []),
      ...(input.answeredOn != null ? [matchingErrors.onBehalfOfForEnterprise('answeredOn')] : []),
    ];
    if (errors.length) return errors;
    return principal.enterprise!.id === match.supplierId ? MatchSide.SUPPLIER : MatchSide.BENEFICIARY;
  }
  return input.onBehalfOf ?? [matchingErrors.onBehalfOfRequired()];
}

/**
 * R21: each side accepts or declines while PROPOSED: the supplier's and the
 * beneficiary's ENTERPRISE users for themselves, an officer of the operator
 * for either side (onBehalfOf), on the day it says (answeredOn). A decline
 * needs a reason; both accepted makes the match ACCEPTED on the later answer
 * day and the request MATCHED.
 */
export const respondToSupplierMatch: MutationService<RespondToSupplierMatchInput, SupplierMatchEntity> = (ctx, principal, input) => {
  return runMutation(ctx, principal, 'respondToSupplierMatch', async (em) => {
    refuseAny(await validateInput(input));
    const { match, request, program } = await lockMatch(em, principal, input.id, ['input', 'id']);
    const side = sideOf(principal, match, input);
    if (Array.isArray(side)) refuse(...side);
    const answerer = side === MatchSide.SUPPLIER ? match.supplierId : match.beneficiaryId;
    assertActsForPartyOrOperator(principal, answerer, program.operatorId, matchingErrors.notOwnEnterprise);
    const answeredOn = input.answeredOn ?? programToday(now(ctx));
    refuseAny([
      ...dayErrors(ctx, 'answeredOn', answeredOn, program),
      ...(!input.accept && !input.reason?.trim() ? [matchingErrors.declineWithoutReason()] : []),
    ]);
    if (match.status !== MatchStatus.PROPOSED) refuse(matchingErrors.matchNotProposed(match.status));
    const prefix = side === MatchSide.SUPPLIER ? 'supplier' : 'beneficiary';
    const previous = match[`${prefix}Answer`];
    if (previous) refuse(matchingErrors.alreadyAnswered(prefix, previous, match[`${prefix}AnsweredOn`]!));
    const before = match.status;
    Object.assign(match, {
      [`${prefix}Answer`]: input.accept ? 'ACCEPTED' : 'DECLINED',
      [`${prefix}AnsweredOn`]: answeredOn,
      [`${prefix}AnsweredAt`]: now(ctx),
      [`${prefix}AnsweredBy`]: principal.subject,
    });
    if (!input.accept) {
      match.status = MatchStatus.DECLINED;
      match.reason = input.reason!;
    } else if (match.supplierAnswer === 'ACCEPTED' && match.beneficiaryAnswer === 'ACCEPTED') {
      match.status = MatchStatus.ACCEPTED;
      match.acceptedOn = [match.supplierAnsweredOn!, match.beneficiaryAnsweredOn!].sort()[1];
      if (request.status === SupportRequestStatus.OPEN) await em.update(SupportRequestEntity, { id: request.id }, { status: SupportRequestStatus.MATCHED });
    }
    const saved = await em.save(match);
    // One side's acceptance is in the audit log; the feed tells when the match itself changes.
    if (saved.status === MatchStatus.ACCEPTED) emitEvent(em, matchEvent(EventType.SUPPLIER_MATCH_ACCEPTED, saved));
    if (saved.status === MatchStatus.DECLINED) emitEvent(em, matchEvent(EventType.SUPPLIER_MATCH_DECLINED, saved));
    return {
      value: saved,
      audit: matchAudit(saved, {
        side,
        answer: input.accept ? 'ACCEPTED' : 'DECLINED',
        answeredOn,
        reason: input.reason ?? null,
        ...(saved.status !== before ? { status: { from: before, to: saved.status } } : {}),
        ...(saved.acceptedOn ? { acceptedOn: saved.acceptedOn } : {}),
      }),
    };
  });
};

/** R21: the operator cancels a PROPOSED or ACCEPTED match without activities (reason required); a MATCHED request without another accepted match is OPEN again. */
export const cancelSupplierMatch: MutationService<CancelSupplierMatchInput, SupplierMatchEntity> = (ctx, principal, input) => {
  const agency = actingAgency(principal, AgencyKind.PUBLIC_AGENCY);
  return runMutation(ctx, principal, 'cancelSupplierMatch', async (em) => {
    refuseAny([...(await validateInput(input)), ...(!input.reason.trim() ? [matchingErrors.cancelWithoutReason()] : [])]);
    const { match, request, program } = await lockMatch(em, principal, input.id, ['input', 'id']);
    assertActsForOperator(agency, program.operatorId);
    if (match.status !== MatchStatus.PROPOSED && match.status !== MatchStatus.ACCEPTED) refuse(matchingErrors.cancelNotLive(match.status));
    const [{ count }] = await em.query('SELECT count(*)::int AS count FROM improvement_activity WHERE match_id = $1', [match.id]);
    if (count > 0) refuse(matchingErrors.cancelWithActivities(count));
    const before = match.status;
    Object.assign(match, { status: MatchStatus.CANCELLED, reason: input.reason, cancelledAt: now(ctx), cancelledBy: principal.subject });
    const saved = await em.save(match);
    if (request.status === SupportRequestStatus.MATCHED && !(await em.existsBy(SupplierMatchEntity, { requestId: request.id, status: MatchStatus.ACCEPTED }))) {
      await em.update(SupportRequestEntity, { id: request.id }, { status: SupportRequestStatus.OPEN });
    }
    emitEvent(em, matchEvent(EventType.SUPPLIER_MATCH_CANCELLED, saved));
    return { value: saved, audit: matchAudit(saved, { status: { from: before, to: saved.status }, reason: input.reason }) };
  });
};

/**
 * R22: by an officer of the operator on an ACCEPTED match; FOLLOW_UP needs a
 * BASELINE and is not dated before it. Recording a phase again replaces it,
 * until an evaluation that counted the match is FINALIZED.
 */
export const recordWorksiteAssessment: MutationService<RecordWorksiteAssessmentInput, SupplierMatchEntity> = (ctx, principal, input) => {
  const agency = actingAgency(principal, AgencyKind.PUBLIC_AGENCY);
  return runMutation(ctx, principal, 'recordWorksiteAssessment', async (em) => {
    refuseAny(await validateInput(input));
    const { match, program } = await lockMatch(em, principal, input.matchId, ['input', 'matchId']);
    assertActsForOperator(agency, program.operatorId);
    if (match.status !== MatchStatus.ACCEPTED) refuse(matchingErrors.assessmentOfUnacceptedMatch(match.status));
    refuseAny(dayErrors(ctx, 'assessedOn', input.assessedOn, program));
    const [{ counted }] = await em.query(
      `SELECT EXISTS (SELECT 1 FROM evaluation_match em JOIN target_evaluation e ON e.id = em.evaluation_id
                       WHERE em.match_id = $1 AND e.status = $2) AS counted`,
      [match.id, EvaluationStatus.FINALIZED],
    );
    if (counted) refuse(matchingErrors.assessmentCounted());
    const phases = await em.findBy(WorksiteAssessmentEntity, { matchId: match.id });
    const baseline = phases.find((a) => a.phase === AssessmentPhase.BASELINE);
    const followUp = phases.find((a) => a.phase === AssessmentPhase.FOLLOW_UP);
    if (input.phase === AssessmentPhase.FOLLOW_UP) {
      if (!baseline) refuse(matchingErrors.followUpWithoutBaseline());
      if (input.assessedOn < baseline.assessedOn) refuse(matchingErrors.followUpBeforeBaseline(baseline.assessedOn));
    } else if (followUp && input.assessedOn > followUp.assessedOn) {
      refuse(matchingErrors.baselineAfterFollowUp(followUp.assessedOn));
    }
    const replaced = input.phase === AssessmentPhase.BASELINE ? baseline : followUp;
    await em.save(
      em.create(WorksiteAssessmentEntity, {
        matchId: match.id,
        phase: input.phase,
        riskLevel: input.riskLevel,
        assessedOn: input.assessedOn,
        assessedById: agency.id,
        assessedBySubject: principal.subject,
        note: input.note ?? null,
        recordedAt: now(ctx),
      }),
    );
    emitEvent(em, {
      ...matchEvent(EventType.WORKSITE_ASSESSMENT_RECORDED, match),
      data: { phase: input.phase, riskLevel: input.riskLevel, assessedOn: input.assessedOn },
    });
    return {
      value: match,
      audit: matchAudit(match, {
        assessment: { phase: input.phase, riskLevel: input.riskLevel, assessedOn: input.assessedOn, note: input.note ?? null },
        ...(replaced ? { replaces: { riskLevel: replaced.riskLevel, assessedOn: replaced.assessedOn } } : {}),
      }),
    };
  });
};

/** A match's event; its subject is the match, for the assessments of its worksite too. */
export function matchEvent(type: EventType, match: Pick<SupplierMatchEntity, 'id' | 'agreementId' | 'status'>): BusinessEvent {
  return { type, subject: { type: 'SupplierMatch', id: match.id }, agreementId: match.agreementId, data: { status: match.status } };
}
