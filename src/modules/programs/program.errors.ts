import { message } from '../../common/messages';
import { userError, UserErrorCode, invalidInput } from '../../common/user-error';
import type { DuplicateErrors } from '../../db/mutation';

/** Every refusal of programs (R15) beyond input validation and NOT_FOUND; the words are in common/messages. */
export const programErrors = {
  endsOnNotAfterStartsOn: () => invalidInput(['input', 'endsOn'], message('program.endsOnNotAfterStartsOn')),
  budgetNotPositive: () => invalidInput(['input', 'budget'], message('program.budgetNotPositive')),
  operatorNotPublicAgency: (agency: { code: string; kind: string }) =>
    invalidInput(['input', 'operatorId'], message('program.operatorNotPublicAgency', agency.code, agency.kind)),
  operatorOfAnotherAgency: (own: string) => invalidInput(['input', 'operatorId'], message('program.operatorOfAnotherAgency', own)),
  operatorRequired: () => invalidInput(['input', 'operatorId'], message('program.operatorRequired')),
  funderNotFinancialInstitution: (agency: { code: string; kind: string }) =>
    invalidInput(['input', 'funderId'], message('program.funderNotFinancialInstitution', agency.code, agency.kind)),
  /** R15: a direct recommendation's program. */
  funderNotTheProgramsFunder: (programCode: string) => invalidInput(['input', 'funderId'], message('program.funderNotTheProgramsFunder', programCode)),
  programRequired: () => invalidInput(['input', 'programId'], message('program.programRequired')),
  noSingleRunningProgram: (funderCode: string, count: number) =>
    invalidInput(
      ['input', 'programId'],
      count === 0 ? message('program.noRunningProgram', funderCode) : message('program.severalRunningPrograms', funderCode, count),
    ),
  termOutsideProgram: (field: 'startsOn' | 'endsOn', program: { code: string; startsOn: string; endsOn: string }) =>
    invalidInput(['input', field], message('program.termOutsideProgram', program)),
  /** R15: activation needs room in the program's budget. */
  budgetExceeded: (program: { code: string }, needed: bigint, remaining: bigint) =>
    userError(UserErrorCode.BUDGET_EXCEEDED, ['input', 'id'], message('program.budgetExceeded', program.code, String(needed), String(remaining))),
};

export const PROGRAM_DUPLICATES: DuplicateErrors = {
  program_code_key: { field: ['input', 'code'], message: message('program.duplicateCode') },
};
