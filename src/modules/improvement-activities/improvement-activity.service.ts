import { EntityManager } from 'typeorm';
import { actingAgency } from '../../auth/acting-agency';
import type { Principal } from '../../auth/roles';
import { visibleRows } from '../../auth/visibility';
import { findVisibleForUpdate, lockRow } from '../../auth/write-access';
import { ConnectionResult, ListArgs, paginate } from '../../common/connection';
import { ActivityStatus, AgencyKind, EventType } from '../../common/enums';
import { encodeGlobalId } from '../../common/global-id';
import { programToday } from '../../common/program-calendar';
import { notFound, refuse, refuseAny, UserError } from '../../common/user-error';
import type { MutationOutcome } from '../../common/user-error';
import { validateInput } from '../../common/validation';
import type { Context } from '../../context';
import { BusinessEvent, emitEvent, type MutationService, runMutation } from '../../db/mutation';
import { EnterpriseEntity } from '../enterprises/enterprise.entity';
import { ENTERPRISES } from '../enterprises/enterprise.loaders';
import { assertAgreementAllows } from '../funding-agreements/agreement-lifecycle';
import { FundingAgreementEntity } from '../funding-agreements/funding-agreement.entity';
import { AGREEMENTS } from '../funding-agreements/funding-agreement.loaders';
import { acceptedMatchFor } from '../matching/matching.queries';
import { SafetyTechnologyEntity } from '../safety-technologies/safety-technology.entity';
import { TECHNOLOGIES } from '../safety-technologies/safety-technology.loaders';
import { ImprovementActivityEntity, StoredEvidenceRef } from './improvement-activity.entity';
import { ACTIVITY_DUPLICATES, activityErrors } from './improvement-activity.errors';
import {
  ImprovementActivityFilter,
  ImprovementActivityOrder,
  RejectImprovementActivityInput,
  ReportImprovementActivityInput,
  VerifyImprovementActivityInput,
} from './improvement-activity.inputs';
import { ACTIVITIES } from './improvement-activity.loaders';
import { activityOrdering, applyActivityFilter } from './improvement-activity.queries';

/** The filter is a decoded one (decodeActivityFilter). */
export function listActivities(
  ctx: Context,
  args: ListArgs<ImprovementActivityFilter> & { orderBy?: ImprovementActivityOrder | null },
): Promise<ConnectionResult<ImprovementActivityEntity>> {
  const qb = applyActivityFilter(visibleRows(ctx.db, ACTIVITIES, 'a', ctx.principal), 'a', args.filter);
  return paginate(qb, args, activityOrdering(args.orderBy), ctx.config.maxPageSize);
}

// ---------------------------------------------------------------- R7: reporting

/** R7 rules that need no database: risk levels together or not at all, the days in order and not in the future. */
function checkReportShape(input: ReportImprovementActivityInput): UserError[] {
  const errors: UserError[] = [];
  if (input.riskLevelBefore == null && input.riskLevelAfter != null) errors.push(activityErrors.riskLevelAlone('riskLevelAfter'));
  if (input.riskLevelAfter == null && input.riskLevelBefore != null) errors.push(activityErrors.riskLevelAlone('riskLevelBefore'));
  if (input.startedOn > input.completedOn) errors.push(activityErrors.completedBeforeStarted());
  const today = programToday();
  if (input.completedOn > today) errors.push(activityErrors.completedInFuture(today));
  return errors;
}

/** R7 rules against the agreement: the parties and the term. */
async function checkAgainstAgreement(
  em: EntityManager,
  agreement: FundingAgreementEntity,
  ids: { beneficiaryId: string; technologyId: string },
  completedOn: string,
): Promise<UserError[]> {
  const providerId = agreement.recipientId;
  const errors: UserError[] = [];
  if (!(await em.existsBy(EnterpriseEntity, { id: ids.beneficiaryId }))) errors.push(notFound(['input', 'beneficiaryId'], ENTERPRISES.noun));
  else if (ids.beneficiaryId === providerId) errors.push(activityErrors.beneficiaryIsProvider());
  const technology = await em.findOneBy(SafetyTechnologyEntity, { id: ids.technologyId });
  if (!technology) errors.push(notFound(['input', 'technologyId'], TECHNOLOGIES.noun));
  else if (technology.providerId !== providerId) errors.push(activityErrors.technologyOfAnotherProvider());
  if (completedOn < agreement.startsOn || completedOn > agreement.endsOn) errors.push(activityErrors.completedOutsideTerm(agreement));
  return errors;
}

/** R7. The provider is the agreement's recipient; the report starts REPORTED. */
export const reportImprovementActivity: MutationService<ReportImprovementActivityInput, ImprovementActivityEntity> = (ctx, principal, input) => {
  const { agreementId, beneficiaryId, technologyId } = input;
  const evidence: StoredEvidenceRef[] = (input.evidence ?? []).map((ref) => ({
    kind: ref.kind,
    uri: ref.uri,
    sha256: ref.sha256?.toLowerCase() ?? null,
  }));
  const fields = {
    kind: input.kind,
    title: input.title,
    description: input.description ?? null,
    hazardsAddressed: input.hazardsAddressed,
    workersCovered: input.workersCovered,
    hazardsRemediated: input.hazardsRemediated,
    riskLevelBefore: input.riskLevelBefore ?? null,
    riskLevelAfter: input.riskLevelAfter ?? null,
    startedOn: input.startedOn,
    completedOn: input.completedOn,
    evidence,
  };
  return runMutation(ctx, principal, 'reportImprovementActivity', async (em) => {
    refuseAny([...(await validateInput(input)), ...checkReportShape(input)]);
    // FOR SHARE: the status stays as checked until the report commits, while reports do not wait for
    // each other. One the caller may not see (an enterprise sees only its own) is NOT_FOUND.
    const agreement = await findVisibleForUpdate(em, principal, AGREEMENTS, agreementId, ['input', 'agreementId'], 'pessimistic_read');
    assertAgreementAllows(agreement.status, 'reportActivity', ['input', 'agreementId']);
    refuseAny(await checkAgainstAgreement(em, agreement, { beneficiaryId, technologyId }, input.completedOn));
    // R7 amended: only at a worksite matched with this agreement, from the day the match was accepted.
    const { matchId, acceptedLaterOn } = await acceptedMatchFor(em, agreementId, beneficiaryId, input.completedOn);
    if (!matchId) refuse(activityErrors.beneficiaryNotMatched(input.completedOn, acceptedLaterOn));
    const saved = await em.save(
      em.create(ImprovementActivityEntity, {
        ...fields,
        beneficiaryId,
        technologyId,
        agreementId,
        matchId,
        providerId: agreement.recipientId,
        status: ActivityStatus.REPORTED,
        reportedBy: principal.subject,
        verifiedById: null,
        verifiedAt: null,
        rejectionReason: null,
      }),
    );
    const changes = {
      agreementId: encodeGlobalId('FundingAgreement', agreementId),
      providerId: encodeGlobalId('Enterprise', agreement.recipientId),
      beneficiaryId: encodeGlobalId('Enterprise', beneficiaryId),
      technologyId: encodeGlobalId('SafetyTechnology', technologyId),
      matchId: encodeGlobalId('SupplierMatch', matchId),
      ...fields,
      status: saved.status,
      reportedBy: saved.reportedBy,
    };
    const entityId = encodeGlobalId('ImprovementActivity', saved.id);
    emitEvent(em, activityEvent(EventType.ACTIVITY_REPORTED, saved));
    return { value: saved, audit: { entityType: 'ImprovementActivity', entityId, changes } };
  }, ACTIVITY_DUPLICATES);
};

// ---------------------------------------------------------------- R8: verification

type Decision = Pick<ImprovementActivityEntity, 'status' | 'verifiedById' | 'verifiedAt' | 'rejectionReason'>;

/**
 * R8: only a REPORTED activity is decided, once: the row is locked so that of
 * concurrent decisions exactly one wins and the others see its result.
 * `decide` runs after the lock and returns the new values and their audit form.
 */
function decideActivity(
  ctx: Context,
  principal: Principal,
  action: 'verifyImprovementActivity' | 'rejectImprovementActivity',
  id: string,
  decide: () => { patch: Partial<Decision>; changes: Record<string, { from: unknown; to: unknown }> },
  validation: () => Promise<UserError[]> = async () => [],
): Promise<MutationOutcome<ImprovementActivityEntity>> {
  return runMutation(ctx, principal, action, async (em) => {
    refuseAny(await validation());
    const activity = await findVisibleForUpdate(em, principal, ACTIVITIES, id, ['input', 'id']);
    if (activity.status !== ActivityStatus.REPORTED) {
      refuse(activityErrors.alreadyDecided(action === 'verifyImprovementActivity' ? 'verify' : 'reject', activity.status));
    }
    // A finalization holds its agreement FOR UPDATE while it checks which activities count (R10):
    // a decision waits for it, so none slips in between that check and its commit.
    await lockRow(em, FundingAgreementEntity, activity.agreementId, 'pessimistic_read');
    const { patch, changes } = decide();
    await em.update(ImprovementActivityEntity, { id }, patch);
    Object.assign(activity, patch);
    emitEvent(em, activityEvent(action === 'verifyImprovementActivity' ? EventType.ACTIVITY_VERIFIED : EventType.ACTIVITY_REJECTED, activity));
    return {
      value: activity,
      audit: { entityType: 'ImprovementActivity', entityId: encodeGlobalId('ImprovementActivity', id), changes },
    };
  });
}

function activityEvent(type: EventType, activity: ImprovementActivityEntity): BusinessEvent {
  return {
    type,
    subject: { type: 'ImprovementActivity', id: activity.id },
    agreementId: activity.agreementId,
    data: { status: activity.status, beneficiaryId: encodeGlobalId('Enterprise', activity.beneficiaryId), completedOn: activity.completedOn },
  };
}

/** R8: verified by the officer's public agency; final. */
export const verifyImprovementActivity: MutationService<VerifyImprovementActivityInput, ImprovementActivityEntity> = (ctx, principal, input) => {
  const agency = actingAgency(principal, AgencyKind.PUBLIC_AGENCY);
  return decideActivity(ctx, principal, 'verifyImprovementActivity', input.id, () => {
    const verifiedAt = new Date();
    return {
      patch: { status: ActivityStatus.VERIFIED, verifiedById: agency.id, verifiedAt },
      changes: {
        status: { from: ActivityStatus.REPORTED, to: ActivityStatus.VERIFIED },
        verifiedBy: { from: null, to: encodeGlobalId('Agency', agency.id) },
        verifiedAt: { from: null, to: verifiedAt.toISOString() },
      },
    };
  });
};

/** R8: a rejection needs a reason; it is final too. */
export const rejectImprovementActivity: MutationService<RejectImprovementActivityInput, ImprovementActivityEntity> = (ctx, principal, input) => {
  actingAgency(principal, AgencyKind.PUBLIC_AGENCY);
  const reason = input.reason.trim();
  return decideActivity(
    ctx,
    principal,
    'rejectImprovementActivity',
    input.id,
    () => ({
      patch: { status: ActivityStatus.REJECTED, rejectionReason: reason },
      changes: { status: { from: ActivityStatus.REPORTED, to: ActivityStatus.REJECTED }, rejectionReason: { from: null, to: reason } },
    }),
    () => validateInput(input),
  );
};
