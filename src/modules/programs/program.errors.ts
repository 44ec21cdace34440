import { userError, UserErrorCode, invalidInput } from '../../common/user-error';
import type { DuplicateErrors } from '../../db/mutation';

/** Every refusal of programs (R15) beyond input validation and NOT_FOUND. */
export const programErrors = {
  endsOnNotAfterStartsOn: () => invalidInput(['input', 'endsOn'], 'endsOn must be after startsOn'),
  budgetNotPositive: () => invalidInput(['input', 'budget'], 'budget must be more than 0'),
  operatorNotPublicAgency: (agency: { code: string; kind: string }) =>
    invalidInput(['input', 'operatorId'], `The operator must be a PUBLIC_AGENCY; ${agency.code} is a ${agency.kind}`),
  operatorOfAnotherAgency: (own: string) =>
    invalidInput(['input', 'operatorId'], `An agency officer creates programs of its own agency only (${own}); leave operatorId out or name ${own}`),
  operatorRequired: () => invalidInput(['input', 'operatorId'], 'Name the operating PUBLIC_AGENCY: the token names none'),
  funderNotFinancialInstitution: (agency: { code: string; kind: string }) =>
    invalidInput(['input', 'funderId'], `The funder must be a FINANCIAL_INSTITUTION; ${agency.code} is a ${agency.kind}`),
  /** R15: a direct recommendation's program. */
  funderNotTheProgramsFunder: (programCode: string) =>
    invalidInput(['input', 'funderId'], `The program ${programCode} is funded by another funder; leave funderId out or name the program's funder`),
  programRequired: () => invalidInput(['input', 'programId'], 'Name the program (programId), or the funder (funderId) of one running program'),
  noSingleRunningProgram: (funderCode: string, count: number) =>
    invalidInput(
      ['input', 'programId'],
      count === 0
        ? `No program of ${funderCode} run by your agency is running today; name the program (programId)`
        : `${count} programs of ${funderCode} run by your agency are running today; name the program (programId)`,
    ),
  termOutsideProgram: (field: 'startsOn' | 'endsOn', program: { code: string; startsOn: string; endsOn: string }) =>
    invalidInput(['input', field], `The term must lie within the program ${program.code} (${program.startsOn} to ${program.endsOn})`),
  /** R15: activation needs room in the program's budget. */
  budgetExceeded: (program: { code: string }, needed: bigint, remaining: bigint) =>
    userError(
      UserErrorCode.BUDGET_EXCEEDED,
      ['input', 'id'],
      `Activation commits ₩${needed} (base amount + outcome budget cap) but the program ${program.code} has ₩${remaining} left`,
    ),
};

export const PROGRAM_DUPLICATES: DuplicateErrors = {
  program_code_key: { field: ['input', 'code'], message: 'A program with this code already exists' },
};
