import { visibleRows } from '../../auth/visibility';
import { assertActsForPartyOrOperator, findVisibleForUpdate } from '../../auth/write-access';
import { BY_ID, ConnectionResult, ListArgs, paginate } from '../../common/connection';
import { EventType, MatchStatus, SupportRequestStatus } from '../../common/enums';
import { encodeGlobalId } from '../../common/global-id';
import { programToday } from '../../common/program-calendar';
import { notFound, refuse, refuseAny } from '../../common/user-error';
import { validateInput } from '../../common/validation';
import { now } from '../../context';
import type { Context } from '../../context';
import { BusinessEvent, emitEvent, type MutationService, runMutation } from '../../db/mutation';
import { matchEvent } from './supplier-match.service';
import { EnterpriseEntity } from '../enterprises/enterprise.entity';
import { ENTERPRISES } from '../enterprises/enterprise.loaders';
import { ProgramEntity } from '../programs/program.entity';
import { PROGRAMS } from '../programs/program.loaders';
import { matchingErrors, REQUEST_DUPLICATES } from './matching.errors';
import { SubmitSupportRequestInput, SupportRequestFilter, WithdrawSupportRequestInput } from './matching.inputs';
import { REQUESTS } from './matching.loaders';
import { SupplierMatchEntity } from './supplier-match.entity';
import { SupportRequestEntity } from './support-request.entity';

/** In submission order. The filter's ids are database ids. */
export function listSupportRequests(ctx: Context, args: ListArgs<SupportRequestFilter>): Promise<ConnectionResult<SupportRequestEntity>> {
  const filter = args.filter ?? {};
  const qb = visibleRows(ctx.db, REQUESTS, 'r', ctx.principal);
  if (filter.status?.length) qb.andWhere('r.status IN (:...statuses)', { statuses: filter.status });
  if (filter.programId) qb.andWhere('r.program_id = :programId', { programId: filter.programId });
  if (filter.worksiteRegion?.length) qb.andWhere('r.worksite_region IN (:...regions)', { regions: filter.worksiteRegion });
  if (filter.hazard?.length) qb.andWhere('r.hazards && :hazards::text[]', { hazards: filter.hazard });
  return paginate(qb, args, BY_ID, ctx.config.maxPageSize);
}

/** R20: requests are taken and withdrawn while the program runs (today in Asia/Seoul within its dates). */
function assertProgramRunning(ctx: Context, program: ProgramEntity): void {
  const today = programToday(now(ctx));
  if (today < program.startsOn || today > program.endsOn) refuse(matchingErrors.programNotRunning(program, today));
}

/** R20: by the beneficiary's ENTERPRISE user, or an officer of the program's operator on its behalf. */
export const submitSupportRequest: MutationService<SubmitSupportRequestInput, SupportRequestEntity> = (ctx, principal, input) => {
  return runMutation(ctx, principal, 'submitSupportRequest', async (em) => {
    refuseAny(await validateInput(input));
    const program = await findVisibleForUpdate(em, principal, PROGRAMS, input.programId, ['input', 'programId'], 'pessimistic_read');
    assertActsForPartyOrOperator(principal, input.beneficiaryId, program.operatorId, matchingErrors.notOwnEnterprise);
    if (!(await em.existsBy(EnterpriseEntity, { id: input.beneficiaryId }))) refuse(notFound(['input', 'beneficiaryId'], ENTERPRISES.noun));
    assertProgramRunning(ctx, program);
    const { id } = await em.save(
      em.create(SupportRequestEntity, {
        programId: program.id,
        beneficiaryId: input.beneficiaryId,
        worksiteName: input.worksiteName,
        worksiteRegion: input.worksiteRegion,
        workersAtWorksite: input.workersAtWorksite,
        hazards: input.hazards,
        needs: input.needs,
        status: SupportRequestStatus.OPEN,
        submittedBy: principal.subject,
        submittedAt: now(ctx),
        withdrawnBy: null,
        withdrawnAt: null,
        withdrawalReason: null,
      }),
    );
    const saved = await em.findOneByOrFail(SupportRequestEntity, { id });
    const changes = {
      programId: encodeGlobalId('Program', saved.programId),
      beneficiaryId: encodeGlobalId('Enterprise', saved.beneficiaryId),
      worksiteName: saved.worksiteName,
      worksiteRegion: saved.worksiteRegion,
      workersAtWorksite: saved.workersAtWorksite,
      hazards: saved.hazards,
      needs: saved.needs,
      status: saved.status,
    };
    emitEvent(em, requestEvent(EventType.SUPPORT_REQUEST_SUBMITTED, saved));
    return { value: saved, audit: { entityType: 'SupportRequest', entityId: encodeGlobalId('SupportRequest', saved.id), changes } };
  }, REQUEST_DUPLICATES);
};

/** R20: an OPEN request, while the program runs; its PROPOSED matches are cancelled with it. */
export const withdrawSupportRequest: MutationService<WithdrawSupportRequestInput, SupportRequestEntity> = (ctx, principal, input) => {
  return runMutation(ctx, principal, 'withdrawSupportRequest', async (em) => {
    refuseAny(await validateInput(input));
    const request = await findVisibleForUpdate(em, principal, REQUESTS, input.id, ['input', 'id']);
    const program = await em.findOneByOrFail(ProgramEntity, { id: request.programId });
    assertActsForPartyOrOperator(principal, request.beneficiaryId, program.operatorId, matchingErrors.notOwnEnterprise);
    if (request.status !== SupportRequestStatus.OPEN) refuse(matchingErrors.requestNotOpen(request.status));
    assertProgramRunning(ctx, program);
    const at = now(ctx);
    await em.update(
      SupportRequestEntity,
      { id: request.id },
      { status: SupportRequestStatus.WITHDRAWN, withdrawnAt: at, withdrawnBy: principal.subject, withdrawalReason: input.reason ?? null },
    );
    const cancelled = await em
      .createQueryBuilder()
      .update(SupplierMatchEntity)
      .set({ status: MatchStatus.CANCELLED, reason: 'The support request was withdrawn', cancelledAt: at, cancelledBy: principal.subject })
      .where('request_id = :requestId AND status = :proposed', { requestId: request.id, proposed: MatchStatus.PROPOSED })
      .returning('id, agreement_id')
      .execute();
    const cancelledMatches = (cancelled.raw as { id: string; agreement_id: string }[]).map((row) => ({
      id: String(row.id),
      agreementId: String(row.agreement_id),
      status: MatchStatus.CANCELLED,
    }));
    const saved = await em.findOneByOrFail(SupportRequestEntity, { id: request.id });
    const changes = {
      status: { from: request.status, to: saved.status },
      reason: input.reason ?? null,
      matchesCancelled: cancelledMatches.map((match) => encodeGlobalId('SupplierMatch', match.id)),
    };
    emitEvent(em, requestEvent(EventType.SUPPORT_REQUEST_WITHDRAWN, saved));
    for (const match of cancelledMatches) emitEvent(em, matchEvent(EventType.SUPPLIER_MATCH_CANCELLED, match));
    return { value: saved, audit: { entityType: 'SupportRequest', entityId: encodeGlobalId('SupportRequest', saved.id), changes } };
  });
};

function requestEvent(type: EventType, request: SupportRequestEntity): BusinessEvent {
  return {
    type,
    subject: { type: 'SupportRequest', id: request.id },
    programId: request.programId,
    data: { status: request.status, beneficiaryId: encodeGlobalId('Enterprise', request.beneficiaryId), worksiteRegion: request.worksiteRegion },
  };
}
