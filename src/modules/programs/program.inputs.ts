import { Matches } from 'class-validator';
import { Field, InputType } from 'type-graphql';
import { DateScalar, WonScalar } from '../../common/scalars';
import { IdField, TextField } from '../../common/input-fields';

/** R15. The agencies' kinds, the dates' order and the budget's sign are checked in the service. */
@InputType({ description: 'A program: the operating public agency, the funder, the budget envelope and the dates (R15).' })
export class CreateProgramInput {
  @Field({ description: 'Short unique code of letters, digits, ".", "_" and "-", at most 40 characters, e.g. "SAFETY-RBF-2026".' })
  @Matches(/^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/, { message: 'code must be 1 to 40 letters, digits, ".", "_" or "-", starting with a letter or digit' })
  code!: string;
  @TextField({ max: 200, notBlank: true, description: 'The program name' }) name!: string;
  @IdField('Agency', { nullable: true, description: 'The operating PUBLIC_AGENCY; an agency officer may only name its own agency, and may leave it out.' })
  operatorId?: string | null;
  @IdField('Agency', { description: 'The FINANCIAL_INSTITUTION whose money the program spends.' }) funderId!: string;
  @Field(() => WonScalar, { description: 'The budget envelope, more than 0.' }) budget!: bigint;
  @Field(() => DateScalar, { description: 'First day of the program.' }) startsOn!: string;
  @Field(() => DateScalar, { description: 'Last day of the program, after startsOn.' }) endsOn!: string;
}
