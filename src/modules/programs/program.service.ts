import { EntityManager } from 'typeorm';
import type { Principal } from '../../auth/roles';
import { Role } from '../../auth/roles';
import { visibleRows } from '../../auth/visibility';
import { lockRow } from '../../auth/write-access';
import { BY_ID, ConnectionResult, PageArgs, paginate } from '../../common/connection';
import { AgencyKind } from '../../common/enums';
import { forbidden } from '../../common/errors';
import { encodeGlobalId } from '../../common/global-id';
import { programToday } from '../../common/program-calendar';
import { notFound, refuse, refuseAny, UserError } from '../../common/user-error';
import { validateInput } from '../../common/validation';
import type { Context } from '../../context';
import { type MutationService, runMutation } from '../../db/mutation';
import { AgencyEntity } from '../agencies/agency.entity';
import { AGENCIES } from '../agencies/agency.loaders';
import { ProgramEntity } from './program.entity';
import { PROGRAM_DUPLICATES, programErrors } from './program.errors';
import { CreateProgramInput } from './program.inputs';
import { PROGRAMS } from './program.loaders';
import { budgetCommitted } from './program.queries';

/** In creation order. */
export function listPrograms(ctx: Context, page: PageArgs): Promise<ConnectionResult<ProgramEntity>> {
  return paginate(visibleRows(ctx.db, PROGRAMS, 'p', ctx.principal), page, BY_ID, ctx.config.maxPageSize);
}

/** The operator a program is created for: an officer's own agency; an ADMIN's named one, or its token's. */
function operatorOf(principal: Principal, operatorId: string | null): string | UserError {
  const own = principal.agency?.kind === AgencyKind.PUBLIC_AGENCY ? principal.agency : null;
  if (principal.role === Role.AGENCY_OFFICER) {
    if (!own) throw forbidden(`This must be done by an officer of a ${AgencyKind.PUBLIC_AGENCY}; the token names no such agency`);
    return operatorId === null || operatorId === own.id ? own.id : programErrors.operatorOfAnotherAgency(own.code);
  }
  return operatorId ?? own?.id ?? programErrors.operatorRequired();
}

/** R15: by ADMIN or an AGENCY_OFFICER of the operator; code unique; startsOn < endsOn; budget > 0. */
export const createProgram: MutationService<CreateProgramInput, ProgramEntity> = (ctx, principal, input) => {
  return runMutation(ctx, principal, 'createProgram', async (em) => {
    const operator = operatorOf(principal, input.operatorId ?? null);
    const problems: UserError[] = [...(await validateInput(input))];
    if (typeof operator !== 'string') problems.push(operator);
    if (input.startsOn >= input.endsOn) problems.push(programErrors.endsOnNotAfterStartsOn());
    if (input.budget <= 0n) problems.push(programErrors.budgetNotPositive());
    const agencies = await em.findBy(AgencyEntity, [{ id: input.funderId }, ...(typeof operator === 'string' ? [{ id: operator }] : [])]);
    const funder = agencies.find((agency) => agency.id === input.funderId);
    if (!funder) problems.push(notFound(['input', 'funderId'], AGENCIES.noun));
    else if (funder.kind !== AgencyKind.FINANCIAL_INSTITUTION) problems.push(programErrors.funderNotFinancialInstitution(funder));
    if (typeof operator === 'string') {
      const agency = agencies.find((a) => a.id === operator);
      if (!agency) problems.push(notFound(['input', 'operatorId'], AGENCIES.noun));
      else if (agency.kind !== AgencyKind.PUBLIC_AGENCY) problems.push(programErrors.operatorNotPublicAgency(agency));
    }
    refuseAny(problems);
    const saved = await em.save(
      em.create(ProgramEntity, {
        code: input.code,
        name: input.name,
        operatorId: operator as string,
        funderId: input.funderId,
        budget: input.budget,
        startsOn: input.startsOn,
        endsOn: input.endsOn,
        createdBy: principal.subject,
      }),
    );
    const changes = {
      code: saved.code,
      name: saved.name,
      operatorId: encodeGlobalId('Agency', saved.operatorId),
      funderId: encodeGlobalId('Agency', saved.funderId),
      budget: saved.budget.toString(),
      startsOn: saved.startsOn,
      endsOn: saved.endsOn,
    };
    return { value: saved, audit: { entityType: 'Program', entityId: encodeGlobalId('Program', saved.id), changes } };
  }, PROGRAM_DUPLICATES);
};

/**
 * R15: the program of a direct recommendation. Named (a funderId beside it
 * must be its funder), or else the one program of the funder that the
 * recommending agency runs and that runs today.
 */
export async function programForRecommendation(
  em: EntityManager,
  principal: Principal,
  recommenderId: string,
  input: { programId?: string | null; funderId?: string | null },
): Promise<ProgramEntity> {
  if (input.programId) {
    const program =
      (await visibleRows(em, PROGRAMS, 'p', principal).where('p.id = :id', { id: input.programId }).getOne()) ??
      refuse(notFound(['input', 'programId'], PROGRAMS.noun));
    if (input.funderId && input.funderId !== program.funderId) refuse(programErrors.funderNotTheProgramsFunder(program.code));
    return program;
  }
  if (!input.funderId) refuse(programErrors.programRequired());
  const funder = (await em.findOneBy(AgencyEntity, { id: input.funderId })) ?? refuse(notFound(['input', 'funderId'], AGENCIES.noun));
  if (funder.kind !== AgencyKind.FINANCIAL_INSTITUTION) refuse(programErrors.funderNotFinancialInstitution(funder));
  const today = programToday();
  const running = await em
    .getRepository(ProgramEntity)
    .createQueryBuilder('p')
    .where('p.funder_id = :funderId AND p.operator_id = :recommenderId', { funderId: funder.id, recommenderId })
    .andWhere('p.starts_on <= :today AND p.ends_on >= :today', { today })
    .getMany();
  if (running.length !== 1) refuse(programErrors.noSingleRunningProgram(funder.code, running.length));
  return running[0];
}

/** R15: an agreement's term lies within its program's dates. */
export function termErrors(program: ProgramEntity, term: { startsOn: string; endsOn: string }): UserError[] {
  return [
    ...(term.startsOn < program.startsOn || term.startsOn > program.endsOn ? [programErrors.termOutsideProgram('startsOn', program)] : []),
    ...(term.endsOn > program.endsOn || term.endsOn < program.startsOn ? [programErrors.termOutsideProgram('endsOn', program)] : []),
  ];
}

/**
 * R15: activation commits baseAmount + outcomeBudgetCap of the program's
 * budget. The program row is locked, so concurrent activations in one
 * program take turns and together never commit more than the budget.
 */
export async function reserveBudget(em: EntityManager, programId: string, amount: bigint): Promise<void> {
  const program = await lockRow(em, ProgramEntity, programId);
  const [committed] = await budgetCommitted(em, [programId]);
  const remaining = program.budget - committed;
  if (amount > remaining) refuse(programErrors.budgetExceeded(program, amount, remaining));
}
