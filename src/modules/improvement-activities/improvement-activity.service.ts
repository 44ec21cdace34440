import { EntityManager, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { actingAgency } from '../../auth/acting-agency';
import type { Principal } from '../../auth/roles';
import { visibleActivities, visibleAgreements } from '../../auth/visibility';
import { ConnectionResult, Ordering, PageArgs, paginate, SortDirection } from '../../common/connection';
import { AgencyKind } from '../../common/enums';
import { encodeGlobalId } from '../../common/global-id';
import { programToday } from '../../common/program-calendar';
import { decodeId, decodeOptionalId } from '../../common/ids';
import { UserError, userError, UserErrorCode, UserErrors } from '../../common/user-error';
import { validateInput } from '../../common/validation';
import type { Context } from '../../context';
import { DuplicateErrors, MutationOutcome, runMutation } from '../../db/mutation';
import { EnterpriseEntity } from '../enterprises/enterprise.entity';
import { assertAgreementAllows } from '../funding-agreements/agreement-lifecycle';
import { FundingAgreementEntity } from '../funding-agreements/funding-agreement.entity';
import { SafetyTechnologyEntity } from '../safety-technologies/safety-technology.entity';
import { ImprovementActivityEntity, StoredEvidenceRef } from './improvement-activity.entity';
import {
  ActivityOrderField,
  ImprovementActivityFilter,
  ImprovementActivityOrder,
  RejectImprovementActivityInput,
  ReportImprovementActivityInput,
  VerifyImprovementActivityInput,
} from './improvement-activity.inputs';

type ActivityOrdering = Omit<Ordering<ImprovementActivityEntity>, 'direction'>;

const ORDERINGS: Record<ActivityOrderField, ActivityOrdering> = {
  [ActivityOrderField.COMPLETED_ON]: { name: 'completedOn', column: 'a.completed_on', value: (a) => a.completedOn },
  [ActivityOrderField.CREATED_AT]: { name: 'createdAt', column: 'a.created_at', value: (a) => a.createdAt },
  [ActivityOrderField.WORKERS_COVERED]: { name: 'workersCovered', column: 'a.workers_covered', value: (a) => a.workersCovered },
};

/**
 * Without orderBy the list is in id order: new reports only ever append to it,
 * so a BI connector that pages through with `after` never misses or repeats a row.
 */
const BY_ID: Ordering<ImprovementActivityEntity> = { name: 'id', column: null, direction: SortDirection.ASC };

/**
 * The database ids behind the filter's global ids; BAD_USER_INPUT naming
 * filter.<field> when one is malformed or of another type.
 */
export function decodeActivityFilterIds(filter: ImprovementActivityFilter | null | undefined) {
  return {
    agreementId: decodeOptionalId(filter?.agreementId, 'FundingAgreement', 'filter.agreementId'),
    providerId: decodeOptionalId(filter?.providerId, 'Enterprise', 'filter.providerId'),
    beneficiaryId: decodeOptionalId(filter?.beneficiaryId, 'Enterprise', 'filter.beneficiaryId'),
  };
}

/**
 * Adds an ImprovementActivityFilter's conditions to a query over improvement_activity
 * under `alias`. Reads the filter as a plain object (nested loaders hand it back
 * from JSON); an empty list means no condition, as in the other filters.
 */
export function applyActivityFilter<E extends ObjectLiteral>(
  qb: SelectQueryBuilder<E>,
  alias: string,
  filter: ImprovementActivityFilter | null | undefined,
): SelectQueryBuilder<E> {
  if (!filter) return qb;
  const ids = decodeActivityFilterIds(filter);
  if (filter.status?.length) qb.andWhere(`${alias}.status IN (:...activityFilterStatus)`, { activityFilterStatus: filter.status });
  if (filter.kind?.length) qb.andWhere(`${alias}.kind IN (:...activityFilterKind)`, { activityFilterKind: filter.kind });
  if (ids.agreementId) qb.andWhere(`${alias}.agreement_id = :activityFilterAgreementId`, { activityFilterAgreementId: ids.agreementId });
  if (ids.providerId) qb.andWhere(`${alias}.provider_id = :activityFilterProviderId`, { activityFilterProviderId: ids.providerId });
  if (ids.beneficiaryId) {
    qb.andWhere(`${alias}.beneficiary_id = :activityFilterBeneficiaryId`, { activityFilterBeneficiaryId: ids.beneficiaryId });
  }
  if (filter.beneficiaryRegion?.length) {
    qb.andWhere(`${alias}.beneficiary_id IN (SELECT id FROM enterprise WHERE region IN (:...activityFilterRegion))`, {
      activityFilterRegion: filter.beneficiaryRegion,
    });
  }
  if (filter.hazard?.length) {
    // && (overlap) can use the GIN index on hazards_addressed.
    qb.andWhere(`${alias}.hazards_addressed && CAST(:activityFilterHazard AS text[])`, { activityFilterHazard: filter.hazard });
  }
  if (filter.completedFrom) {
    qb.andWhere(`${alias}.completed_on >= :activityFilterCompletedFrom`, { activityFilterCompletedFrom: filter.completedFrom });
  }
  if (filter.completedTo) {
    qb.andWhere(`${alias}.completed_on <= :activityFilterCompletedTo`, { activityFilterCompletedTo: filter.completedTo });
  }
  return qb;
}

export function listActivities(
  ctx: Context,
  args: PageArgs & { filter?: ImprovementActivityFilter | null; orderBy?: ImprovementActivityOrder | null },
): Promise<ConnectionResult<ImprovementActivityEntity>> {
  const qb = ctx.db.getRepository(ImprovementActivityEntity).createQueryBuilder('a');
  visibleActivities(qb, 'a', ctx.principal);
  applyActivityFilter(qb, 'a', args.filter);
  const ordering = args.orderBy ? { ...ORDERINGS[args.orderBy.field], direction: args.orderBy.direction } : BY_ID;
  return paginate(qb, args, ordering, ctx.config.maxPageSize);
}

// ---------------------------------------------------------------- R7: reporting

/** R7: also when two identical reports race, the unique index decides and the loser reads DUPLICATE. */
const DUPLICATES: DuplicateErrors = {
  improvement_activity_natural_key_idx: {
    field: ['input', 'completedOn'],
    message: 'This activity is already reported: same agreement, beneficiary, technology and completion day',
  },
};


const invalid = (field: string, message: string) => userError(UserErrorCode.INVALID_INPUT, ['input', field], message);
const notFound = (field: string, message: string) => userError(UserErrorCode.NOT_FOUND, ['input', field], message);

/** R7 rules that need no database: risk levels together or not at all, the days in order and not in the future. */
function checkReportShape(input: ReportImprovementActivityInput): UserError[] {
  const errors: UserError[] = [];
  if (input.riskLevelBefore == null && input.riskLevelAfter != null) {
    errors.push(invalid('riskLevelBefore', 'riskLevelBefore must be given together with riskLevelAfter'));
  }
  if (input.riskLevelAfter == null && input.riskLevelBefore != null) {
    errors.push(invalid('riskLevelAfter', 'riskLevelAfter must be given together with riskLevelBefore'));
  }
  if (input.startedOn > input.completedOn) errors.push(invalid('completedOn', 'completedOn must not be before startedOn'));
  const today = programToday();
  if (input.completedOn > today) errors.push(invalid('completedOn', `completedOn must not be in the future (today is ${today} in Korea)`));
  return errors;
}

/**
 * The agreement to report under, locked against a concurrent status change
 * (FOR SHARE: reports do not wait for each other). One the caller may not see
 * (an enterprise sees only its own) is NOT_FOUND.
 */
async function reportableAgreement(em: EntityManager, principal: Principal, id: string): Promise<FundingAgreementEntity> {
  const qb = em.getRepository(FundingAgreementEntity).createQueryBuilder('a').where('a.id = :id', { id }).setLock('pessimistic_read');
  const agreement = await visibleAgreements(qb, 'a', principal).getOne();
  if (!agreement) throw new UserErrors([notFound('agreementId', 'No funding agreement has this id')]);
  assertAgreementAllows(agreement.status, 'reportActivity', ['input', 'agreementId']);
  return agreement;
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
  if (!(await em.existsBy(EnterpriseEntity, { id: ids.beneficiaryId }))) {
    errors.push(notFound('beneficiaryId', 'No enterprise has this id'));
  } else if (ids.beneficiaryId === providerId) {
    errors.push(invalid('beneficiaryId', "The beneficiary must be another enterprise than the provider (the agreement's recipient)"));
  }
  const technology = await em.findOneBy(SafetyTechnologyEntity, { id: ids.technologyId });
  if (!technology) errors.push(notFound('technologyId', 'No safety technology has this id'));
  else if (technology.providerId !== providerId) {
    errors.push(invalid('technologyId', "The technology must belong to the provider (the agreement's recipient)"));
  }
  if (completedOn < agreement.startsOn || completedOn > agreement.endsOn) {
    errors.push(invalid('completedOn', `completedOn must lie within the agreement term ${agreement.startsOn} to ${agreement.endsOn}`));
  }
  return errors;
}

/** R7. The provider is the agreement's recipient; the report starts REPORTED. */
export async function reportImprovementActivity(
  ctx: Context,
  input: ReportImprovementActivityInput,
): Promise<MutationOutcome<ImprovementActivityEntity>> {
  const agreementId = decodeId(input.agreementId, 'FundingAgreement', 'input.agreementId');
  const ids = {
    beneficiaryId: decodeId(input.beneficiaryId, 'Enterprise', 'input.beneficiaryId'),
    technologyId: decodeId(input.technologyId, 'SafetyTechnology', 'input.technologyId'),
  };
  const errors = [...(await validateInput(input)), ...checkReportShape(input)];
  if (errors.length) return { value: null, userErrors: errors };
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
  return runMutation(
    ctx,
    'reportImprovementActivity',
    async (em) => {
      const agreement = await reportableAgreement(em, ctx.principal!, agreementId);
      const ruleErrors = await checkAgainstAgreement(em, agreement, ids, input.completedOn);
      if (ruleErrors.length) throw new UserErrors(ruleErrors);
      const saved = await em.save(
        em.create(ImprovementActivityEntity, {
          ...fields,
          ...ids,
          agreementId,
          providerId: agreement.recipientId,
          status: 'REPORTED',
          reportedBy: ctx.principal!.subject,
          verifiedById: null,
          verifiedAt: null,
          rejectionReason: null,
        }),
      );
      const changes = {
        agreementId: input.agreementId,
        providerId: encodeGlobalId('Enterprise', agreement.recipientId),
        beneficiaryId: input.beneficiaryId,
        technologyId: input.technologyId,
        ...fields,
        status: saved.status,
        reportedBy: saved.reportedBy,
      };
      const entityId = encodeGlobalId('ImprovementActivity', saved.id);
      return {
        value: saved,
        audit: { entityType: 'ImprovementActivity', entityId, changes },
        events: [{ topic: 'ACTIVITY_STATUS_CHANGED', agreementId, id: saved.id }],
      };
    },
    DUPLICATES,
  );
}

// ---------------------------------------------------------------- R8: verification

const activityId = (globalId: string) => decodeId(globalId, 'ImprovementActivity', 'input.id');

type Decision = Pick<ImprovementActivityEntity, 'status' | 'verifiedById' | 'verifiedAt' | 'rejectionReason'>;

/**
 * R8: only a REPORTED activity is decided, once: the row is locked so that of
 * concurrent decisions exactly one wins and the others see its result.
 * `decide` runs after the lock and returns the new values and their audit form.
 */
async function decideActivity(
  ctx: Context,
  action: 'verifyImprovementActivity' | 'rejectImprovementActivity',
  globalId: string,
  decide: () => { patch: Partial<Decision>; changes: Record<string, { from: unknown; to: unknown }> },
): Promise<MutationOutcome<ImprovementActivityEntity>> {
  const id = activityId(globalId);
  return runMutation(ctx, action, async (em) => {
    const activity = await em.findOne(ImprovementActivityEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!activity) throw new UserErrors([notFound('id', 'No improvement activity has this id')]);
    if (activity.status !== 'REPORTED') {
      const verb = action === 'verifyImprovementActivity' ? 'verify' : 'reject';
      throw new UserErrors([
        userError(
          UserErrorCode.INVALID_STATE,
          ['input', 'id'],
          `Cannot ${verb} an activity that is ${activity.status}; only a REPORTED one can be verified or rejected, and the decision is final`,
        ),
      ]);
    }
    // A finalization holds its agreement FOR UPDATE while it checks which activities count (R10):
    // a decision waits for it, so none slips in between that check and its commit.
    await em
      .getRepository(FundingAgreementEntity)
      .createQueryBuilder('a')
      .where('a.id = :agreementId', { agreementId: activity.agreementId })
      .setLock('pessimistic_read')
      .getOne();
    const { patch, changes } = decide();
    await em.update(ImprovementActivityEntity, { id }, patch);
    Object.assign(activity, patch);
    return {
      value: activity,
      audit: { entityType: 'ImprovementActivity', entityId: globalId, changes },
      events: [{ topic: 'ACTIVITY_STATUS_CHANGED', agreementId: activity.agreementId, id }],
    };
  });
}

/** R8: verified by the officer's public agency; final. */
export function verifyImprovementActivity(
  ctx: Context,
  input: VerifyImprovementActivityInput,
): Promise<MutationOutcome<ImprovementActivityEntity>> {
  const agency = actingAgency(ctx.principal!, AgencyKind.PUBLIC_AGENCY);
  return decideActivity(ctx, 'verifyImprovementActivity', input.id, () => {
    const verifiedAt = new Date();
    return {
      patch: { status: 'VERIFIED', verifiedById: agency.id, verifiedAt },
      changes: {
        status: { from: 'REPORTED', to: 'VERIFIED' },
        verifiedBy: { from: null, to: encodeGlobalId('Agency', agency.id) },
        verifiedAt: { from: null, to: verifiedAt.toISOString() },
      },
    };
  });
}

/** R8: a rejection needs a reason; it is final too. */
export async function rejectImprovementActivity(
  ctx: Context,
  input: RejectImprovementActivityInput,
): Promise<MutationOutcome<ImprovementActivityEntity>> {
  actingAgency(ctx.principal!, AgencyKind.PUBLIC_AGENCY);
  activityId(input.id);
  const errors = await validateInput(input);
  if (errors.length) return { value: null, userErrors: errors };
  const reason = input.reason.trim();
  return decideActivity(ctx, 'rejectImprovementActivity', input.id, () => ({
    patch: { status: 'REJECTED', rejectionReason: reason },
    changes: { status: { from: 'REPORTED', to: 'REJECTED' }, rejectionReason: { from: null, to: reason } },
  }));
}
