import { EntityManager } from 'typeorm';
import { actingAgency } from '../../auth/acting-agency';
import { visibleRows } from '../../auth/visibility';
import { assertActsForOperator, findVisibleForUpdate, lockRow } from '../../auth/write-access';
import { BY_ID, ConnectionResult, PageArgs, paginate, SortDirection } from '../../common/connection';
import { AgencyKind, EventType, SupplierApplicationOrderField, SupplierApplicationStatus, SupplierCallStatus } from '../../common/enums';
import { encodeGlobalId } from '../../common/global-id';
import { refuse, refuseAny, UserError } from '../../common/user-error';
import { validateInput } from '../../common/validation';
import { type Context, now } from '../../context';
import { emitEvent, type MutationService, runMutation } from '../../db/mutation';
import { ProgramEntity } from '../programs/program.entity';
import { PROGRAMS } from '../programs/program.loaders';
import { saveRecommendation } from '../recommendations/recommendation.service';
import { byRank, hundredthsOf, hundredthsOfInput, meetsPassingScore } from './scoring';
import { SupplierApplicationEntity } from './supplier-application.entity';
import { ApplicationFilterValues, applicationOrdering, filterApplications } from './supplier-application.queries';
import { callStatusSql, SupplierCallEntity } from './supplier-call.entity';
import { callErrors, DECISION_DUPLICATES } from './supplier-call.errors';
import { DecideSupplierCallInput, PublishSupplierCallInput } from './supplier-call.inputs';
import { APPLICATIONS, CALLS } from './supplier-call.loaders';

/** Calls the caller may see, in publication order, in any of the given states (by the clock now). */
export function listCalls(ctx: Context, page: PageArgs, status: SupplierCallStatus[] | null): Promise<ConnectionResult<SupplierCallEntity>> {
  const qb = visibleRows(ctx.db, CALLS, 'c', ctx.principal);
  if (status?.length) qb.andWhere(`(${callStatusSql('c')}) IN (:...statuses)`, { statuses: status });
  return paginate(qb, page, BY_ID, ctx.config.maxPageSize);
}

/** A call's applications the caller may see, filtered and ordered by submission time or by score as R18 ranks. */
export function listApplications(
  ctx: Context,
  call: SupplierCallEntity,
  args: PageArgs & { filter?: ApplicationFilterValues | null; orderBy: { field: SupplierApplicationOrderField; direction: SortDirection } },
): Promise<ConnectionResult<SupplierApplicationEntity>> {
  const qb = visibleRows(ctx.db, APPLICATIONS, 'app', ctx.principal).andWhere('app.call_id = :callId', { callId: call.id });
  filterApplications(qb, 'app', args.filter ?? {});
  return paginate(qb, args, applicationOrdering(args.orderBy.field, args.orderBy.direction, call.reviewsRequired), ctx.config.maxPageSize);
}

/** The call as the database sees it now, its clock-driven status included. */
export function reloadCall(em: EntityManager, id: string): Promise<SupplierCallEntity> {
  return em.findOneByOrFail(SupplierCallEntity, { id });
}

/** The first instant after a program's last day, in Asia/Seoul. */
function programEndInstant(program: ProgramEntity): number {
  return Date.parse(`${program.endsOn}T00:00:00+09:00`) + 24 * 60 * 60 * 1000;
}

/**
 * R16: by an officer of the program's operator; opensAt < closesAt ≤ the
 * program's end; criteria with unique keys; 0 ≤ passingScore ≤ Σ maxPoints.
 */
export const publishSupplierCall: MutationService<PublishSupplierCallInput, SupplierCallEntity> = (ctx, principal, input) => {
  const agency = actingAgency(principal, AgencyKind.PUBLIC_AGENCY);
  return runMutation(ctx, principal, 'publishSupplierCall', async (em) => {
    const problems: UserError[] = [...(await validateInput(input))];
    if (input.closesAt.getTime() <= input.opensAt.getTime()) problems.push(callErrors.closesAtNotAfterOpensAt());
    if (input.maxBaseAmount <= 0n) problems.push(callErrors.maxBaseAmountNotPositive());
    const keys = new Set<string>();
    input.criteria.forEach((criterion, index) => {
      if (keys.has(criterion.key)) problems.push(callErrors.duplicateCriterionKey(index, criterion.key));
      keys.add(criterion.key);
    });
    const passing = hundredthsOfInput(input.passingScore);
    const maximum = input.criteria.reduce((sum, criterion) => sum + criterion.maxPoints, 0);
    if (passing === null) problems.push(callErrors.passingScoreDecimals());
    else if (passing < 0n || passing > BigInt(maximum) * 100n) problems.push(callErrors.passingScoreOutOfRange(maximum));
    refuseAny(problems);
    const program = await findVisibleForUpdate(em, principal, PROGRAMS, input.programId, ['input', 'programId'], 'pessimistic_read');
    assertActsForOperator(agency, program.operatorId);
    if (input.closesAt.getTime() > programEndInstant(program)) refuse(callErrors.closesAfterProgram(program));
    const { id } = await em.save(
      em.create(SupplierCallEntity, {
        programId: program.id,
        title: input.title,
        opensAt: input.opensAt,
        closesAt: input.closesAt,
        places: input.places,
        eligibleHazards: input.eligibleHazards,
        minReadinessLevel: input.minReadinessLevel,
        maxBaseAmount: input.maxBaseAmount,
        criteria: input.criteria.map(({ key, description, maxPoints }) => ({ key, description, maxPoints })),
        reviewsRequired: input.reviewsRequired,
        passingScore: (Number(passing) / 100).toFixed(2),
        decidedBy: null,
        decidedAt: null,
        createdBy: principal.subject,
        createdAt: now(ctx),
      }),
    );
    const saved = await reloadCall(em, id);
    const changes = {
      programId: encodeGlobalId('Program', program.id),
      title: saved.title,
      opensAt: saved.opensAt.toISOString(),
      closesAt: saved.closesAt.toISOString(),
      places: saved.places,
      eligibleHazards: saved.eligibleHazards,
      minReadinessLevel: saved.minReadinessLevel,
      maxBaseAmount: saved.maxBaseAmount.toString(),
      criteria: saved.criteria,
      reviewsRequired: saved.reviewsRequired,
      passingScore: saved.passingScore,
    };
    emitEvent(em, {
      type: EventType.SUPPLIER_CALL_PUBLISHED,
      subject: { type: 'SupplierCall', id: saved.id },
      programId: program.id,
      data: { title: saved.title, opensAt: saved.opensAt.toISOString(), closesAt: saved.closesAt.toISOString() },
    });
    return { value: saved, audit: { entityType: 'SupplierCall', entityId: encodeGlobalId('SupplierCall', saved.id), changes } };
  });
};

/** A mean for people, floored to two decimals without a float: 170/3 is "56.66". */
function formatMean(points: number, count: number): string {
  const hundredths = (BigInt(points) * 100n) / BigInt(count);
  return `${hundredths / 100n}.${String(hundredths % 100n).padStart(2, '0')}`;
}

/**
 * R19: once, while CLOSED, when every SUBMITTED application has its reviews.
 * In one transaction: rank them (R18), select the first `places` that pass,
 * and recommend each selected applicant to the program's funder. The call is
 * locked FOR UPDATE, so a concurrent second decision waits and then finds it
 * DECIDED; submissions and reviews lock it FOR SHARE, so none slips in.
 */
export const decideSupplierCall: MutationService<DecideSupplierCallInput, SupplierCallEntity> = (ctx, principal, input) => {
  const agency = actingAgency(principal, AgencyKind.PUBLIC_AGENCY);
  return runMutation(ctx, principal, 'decideSupplierCall', async (em) => {
    refuseAny(await validateInput(input));
    const call = await findVisibleForUpdate(em, principal, CALLS, input.id, ['input', 'id']);
    const program = await lockRow(em, ProgramEntity, call.programId, 'pessimistic_read');
    assertActsForOperator(agency, program.operatorId);
    if (call.status !== SupplierCallStatus.CLOSED) refuse(callErrors.decisionNotClosed(call.status));
    const submitted = await em.findBy(SupplierApplicationEntity, { callId: call.id, status: SupplierApplicationStatus.SUBMITTED });
    const lacking = submitted.filter((application) => application.reviewCount < call.reviewsRequired).length;
    if (lacking > 0) refuse(callErrors.reviewsMissing(lacking, call.reviewsRequired));

    const ranked = [...submitted].sort(byRank);
    const passing = hundredthsOf(call.passingScore);
    const selected = ranked.filter((application) => meetsPassingScore(application, passing)).slice(0, call.places);
    const pending: { name: string }[] = await em.query(
      `SELECT e.name FROM recommendation r JOIN enterprise e ON e.id = r.enterprise_id
        WHERE r.funder_id = $1 AND r.status = 'PENDING' AND r.enterprise_id = ANY($2::bigint[]) ORDER BY e.id`,
      [program.funderId, selected.map((application) => application.applicantId)],
    );
    if (pending.length > 0) refuse(callErrors.pendingRecommendationExists(pending.map((row) => row.name)));

    const decidedAt = now(ctx);
    const isSelected = new Set(selected.map((application) => application.id));
    await em.query(
      `UPDATE supplier_application a SET status = v.status, rank = v.rank
         FROM unnest($1::bigint[], $2::text[], $3::int[]) AS v(id, status, rank) WHERE a.id = v.id`,
      [
        ranked.map((application) => application.id),
        ranked.map((application) => (isSelected.has(application.id) ? SupplierApplicationStatus.SELECTED : SupplierApplicationStatus.NOT_SELECTED)),
        ranked.map((_, index) => index + 1),
      ],
    );
    emitEvent(em, {
      type: EventType.SUPPLIER_CALL_DECIDED,
      subject: { type: 'SupplierCall', id: call.id },
      programId: program.id,
      data: { applications: ranked.length, selected: selected.length },
    });
    const recommendations = [];
    for (const application of selected) {
      const rank = ranked.indexOf(application) + 1;
      const rationale =
        `Selected in the call "${call.title}" with a score of ${formatMean(application.reviewPoints, application.reviewCount)}, ` +
        `rank ${rank} of ${ranked.length}.`;
      const technologyId = application.technologyIds.length === 1 ? application.technologyIds[0] : null;
      const saved = await saveRecommendation(em, principal, agency.id, program, {
        enterpriseId: application.applicantId,
        technologyId,
        rationale,
        applicationId: application.id,
        recommendedAt: decidedAt,
      });
      recommendations.push(encodeGlobalId('Recommendation', saved.id));
    }
    await em.update(SupplierCallEntity, { id: call.id }, { decidedAt, decidedBy: principal.subject });
    const saved = await reloadCall(em, call.id);
    const changes = {
      status: { from: call.status, to: saved.status },
      ranked: ranked.length,
      selected: selected.map((application) => encodeGlobalId('SupplierApplication', application.id)),
      recommendations,
    };
    return { value: saved, audit: { entityType: 'SupplierCall', entityId: encodeGlobalId('SupplierCall', saved.id), changes } };
  }, DECISION_DUPLICATES);
};
