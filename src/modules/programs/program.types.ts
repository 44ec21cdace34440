import { Field, ObjectType } from 'type-graphql';
import { connectionTypes } from '../../common/connection';
import { Node } from '../../common/node';
import { payloadType } from '../../common/payload';
import { DateScalar, WonScalar } from '../../common/scalars';

/** Relations and the budget figures are field resolvers in program.resolver.ts. */
@ObjectType({
  implements: Node,
  description: 'A program run by a public agency with a funder: its budget envelope, its calls for suppliers and its agreements (R15).',
})
export class Program extends Node {
  @Field({ description: 'Short unique code, e.g. "SAFETY-RBF-2026".' }) code!: string;
  @Field({ description: 'The program name.' }) name!: string;
  @Field(() => WonScalar, { description: 'The budget envelope.' }) budget!: bigint;
  @Field(() => DateScalar, { description: 'First day of the program.' }) startsOn!: string;
  @Field(() => DateScalar, { description: 'Last day of the program.' }) endsOn!: string;
  @Field({ description: 'When the program was created.' }) createdAt!: Date;
}

export const ProgramConnection = connectionTypes(Program, 'Program');

export const ProgramPayload = payloadType(Program, 'program', {
  payload: 'Result of createProgram.',
  value: 'The program as saved',
});
