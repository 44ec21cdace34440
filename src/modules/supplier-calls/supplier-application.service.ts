import { EntityManager } from 'typeorm';
import type { Principal } from '../../auth/roles';
import { assertActsForPartyOrOperator, findVisibleForUpdate, lockRow } from '../../auth/write-access';
import { EventType, SupplierApplicationStatus, SupplierCallStatus } from '../../common/enums';
import { encodeGlobalId } from '../../common/global-id';
import { notFound, refuse, refuseAny, UserError } from '../../common/user-error';
import { validateInput } from '../../common/validation';
import { now } from '../../context';
import { BusinessEvent, emitEvent, type MutationService, runMutation } from '../../db/mutation';
import { EnterpriseEntity } from '../enterprises/enterprise.entity';
import { ENTERPRISES } from '../enterprises/enterprise.loaders';
import { ProgramEntity } from '../programs/program.entity';
import { SafetyTechnologyEntity } from '../safety-technologies/safety-technology.entity';
import { TECHNOLOGIES } from '../safety-technologies/safety-technology.loaders';
import { SupplierApplicationEntity } from './supplier-application.entity';
import { SupplierCallEntity } from './supplier-call.entity';
import { APPLICATION_DUPLICATES, callErrors } from './supplier-call.errors';
import { SubmitSupplierApplicationInput, WithdrawSupplierApplicationInput } from './supplier-call.inputs';
import { APPLICATIONS, CALLS } from './supplier-call.loaders';

/**
 * R16: applications are made and withdrawn by the applicant's ENTERPRISE user
 * for itself, or by an officer of the program's operator (a paper application).
 * The call is locked FOR SHARE: it stays OPEN, as read by the database's
 * clock, until the write commits, and a decision cannot run meanwhile.
 */
async function callForApplicant(
  em: EntityManager,
  principal: Principal,
  callId: string,
  applicantId: string,
  field: string[],
): Promise<{ call: SupplierCallEntity; program: ProgramEntity }> {
  const call = await findVisibleForUpdate(em, principal, CALLS, callId, field, 'pessimistic_read');
  const program = await lockRow(em, ProgramEntity, call.programId, 'pessimistic_read');
  assertActsForPartyOrOperator(principal, applicantId, program.operatorId, callErrors.applicantNotYours);
  return { call, program };
}

/** R16's eligibility and plan rules, each naming its field. */
async function applicationErrors(
  em: EntityManager,
  call: SupplierCallEntity,
  program: ProgramEntity,
  input: SubmitSupplierApplicationInput,
): Promise<UserError[]> {
  const errors: UserError[] = [];
  if (!(await em.existsBy(EnterpriseEntity, { id: input.applicantId }))) errors.push(notFound(['input', 'applicantId'], ENTERPRISES.noun));
  const technologies = await em.findBy(SafetyTechnologyEntity, input.technologyIds.map((id) => ({ id })));
  const byId = new Map(technologies.map((technology) => [technology.id, technology]));
  input.technologyIds.forEach((id, index) => {
    const technology = byId.get(id);
    if (!technology) errors.push(notFound(['input', 'technologyIds', String(index)], TECHNOLOGIES.noun));
    else if (technology.providerId !== input.applicantId) errors.push(callErrors.technologyOfAnotherEnterprise(index, technology.name));
    else if (technology.readinessLevel < call.minReadinessLevel) {
      errors.push(callErrors.technologyNotReady(index, technology.name, technology.readinessLevel, call.minReadinessLevel));
    }
  });
  const addressed = new Set(technologies.flatMap((technology) => technology.hazards));
  if (technologies.length > 0 && !call.eligibleHazards.some((hazard) => addressed.has(hazard))) {
    errors.push(callErrors.noEligibleHazard(call.eligibleHazards));
  }
  if (input.requestedBaseAmount <= 0n || input.requestedBaseAmount > call.maxBaseAmount) errors.push(callErrors.requestAboveMaximum(call.maxBaseAmount));
  input.proposedTargets.forEach((target, index) => {
    if (target.periodStart > target.periodEnd || target.periodStart < program.startsOn || target.periodEnd > program.endsOn) {
      errors.push(callErrors.targetPeriodOutsideProgram(index, program));
    }
    if (target.targetValue <= (target.baseline ?? 0)) errors.push(callErrors.targetValueNotAboveBaseline(index));
  });
  return errors;
}

export const submitSupplierApplication: MutationService<SubmitSupplierApplicationInput, SupplierApplicationEntity> = (ctx, principal, input) => {
  return runMutation(ctx, principal, 'submitSupplierApplication', async (em) => {
    refuseAny(await validateInput(input));
    const { call, program } = await callForApplicant(em, principal, input.callId, input.applicantId, ['input', 'callId']);
    if (call.status !== SupplierCallStatus.OPEN) refuse(callErrors.callNotOpen(call.status));
    refuseAny(await applicationErrors(em, call, program, input));
    const { id } = await em.save(
      em.create(SupplierApplicationEntity, {
        callId: call.id,
        applicantId: input.applicantId,
        technologyIds: input.technologyIds,
        planSummary: input.planSummary,
        requestedBaseAmount: input.requestedBaseAmount,
        plannedBeneficiaries: input.plannedBeneficiaries,
        serviceRegions: input.serviceRegions,
        proposedTargets: input.proposedTargets.map((target) => ({
          metric: target.metric,
          description: target.description ?? null,
          periodStart: target.periodStart,
          periodEnd: target.periodEnd,
          baseline: target.baseline ?? 0,
          targetValue: target.targetValue,
        })),
        status: SupplierApplicationStatus.SUBMITTED,
        rank: null,
        submittedBy: principal.subject,
        submittedAt: now(ctx),
        withdrawnBy: null,
        withdrawnAt: null,
        withdrawalReason: null,
      }),
    );
    const saved = await em.findOneByOrFail(SupplierApplicationEntity, { id });
    const changes = {
      callId: encodeGlobalId('SupplierCall', call.id),
      applicantId: encodeGlobalId('Enterprise', saved.applicantId),
      technologyIds: saved.technologyIds.map((technologyId) => encodeGlobalId('SafetyTechnology', technologyId)),
      planSummary: saved.planSummary,
      requestedBaseAmount: saved.requestedBaseAmount.toString(),
      plannedBeneficiaries: saved.plannedBeneficiaries,
      serviceRegions: saved.serviceRegions,
      proposedTargets: saved.proposedTargets,
      status: saved.status,
    };
    emitEvent(em, applicationEvent(EventType.SUPPLIER_APPLICATION_SUBMITTED, saved, program.id));
    return { value: saved, audit: { entityType: 'SupplierApplication', entityId: encodeGlobalId('SupplierApplication', saved.id), changes } };
  }, APPLICATION_DUPLICATES);
};

/** R16: a SUBMITTED application, while the call is OPEN. */
export const withdrawSupplierApplication: MutationService<WithdrawSupplierApplicationInput, SupplierApplicationEntity> = (ctx, principal, input) => {
  return runMutation(ctx, principal, 'withdrawSupplierApplication', async (em) => {
    refuseAny(await validateInput(input));
    const application = await findVisibleForUpdate(em, principal, APPLICATIONS, input.id, ['input', 'id']);
    const { call, program } = await callForApplicant(em, principal, application.callId, application.applicantId, ['input', 'id']);
    if (application.status !== SupplierApplicationStatus.SUBMITTED) refuse(callErrors.notSubmitted(['input', 'id'], application.status));
    if (call.status !== SupplierCallStatus.OPEN) refuse(callErrors.withdrawNotOpen(call.status));
    await em.update(
      SupplierApplicationEntity,
      { id: application.id },
      { status: SupplierApplicationStatus.WITHDRAWN, withdrawnAt: now(ctx), withdrawnBy: principal.subject, withdrawalReason: input.reason ?? null },
    );
    const saved = await em.findOneByOrFail(SupplierApplicationEntity, { id: application.id });
    const changes = { status: { from: application.status, to: saved.status }, reason: input.reason ?? null };
    emitEvent(em, applicationEvent(EventType.SUPPLIER_APPLICATION_WITHDRAWN, saved, program.id));
    return { value: saved, audit: { entityType: 'SupplierApplication', entityId: encodeGlobalId('SupplierApplication', saved.id), changes } };
  });
};

function applicationEvent(type: EventType, application: SupplierApplicationEntity, programId: string): BusinessEvent {
  return {
    type,
    subject: { type: 'SupplierApplication', id: application.id },
    programId,
    data: {
      status: application.status,
      callId: encodeGlobalId('SupplierCall', application.callId),
      applicantId: encodeGlobalId('Enterprise', application.applicantId),
    },
  };
}
