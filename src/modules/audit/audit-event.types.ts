import { Field, ID, ObjectType } from 'type-graphql';
import { connectionTypes } from '../../common/connection';
import { Node } from '../../common/node';
import { JSONScalar } from '../../common/scalars';

@ObjectType({
  implements: Node,
  description: 'One successful mutation, recorded in its own transaction (R13). Append-only: nothing updates or deletes it.',
})
export class AuditEvent extends Node {
  @Field(() => Date, { description: 'When the mutation ran.' }) at!: Date;
  @Field(() => String, { description: "The caller's token subject." }) actorSubject!: string;
  @Field(() => String, { description: "The caller's role at the time." }) actorRole!: string;
  @Field(() => String, { description: 'The mutation name, e.g. "verifyImprovementActivity".' }) action!: string;
  @Field(() => String, { description: 'GraphQL type of the changed object, e.g. "ImprovementActivity".' }) entityType!: string;
  @Field(() => ID, { description: 'Global id of the changed object.' }) entityId!: string;
  @Field(() => JSONScalar, { nullable: true, description: 'What changed, as the mutation recorded it.' })
  changes!: Record<string, unknown> | null;
}

export const AuditEventConnection = connectionTypes(AuditEvent, 'AuditEvent');
