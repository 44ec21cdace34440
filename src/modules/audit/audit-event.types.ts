import { Field, ID, Int, ObjectType } from 'type-graphql';
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
  @Field(() => String, { description: "SHA-256 (hex) over the previous event's hash and this event's canonical content: the audit chain (R13)." })
  hash!: string;
  @Field(() => String, { nullable: true, description: "The previous event's hash; null for the first event." })
  previousHash!: string | null;
}

@ObjectType({ description: 'The result of recomputing the audit chain (R13).' })
export class AuditChainVerification {
  @Field(() => Int, { description: 'Events recomputed.' }) eventsChecked!: number;
  @Field({ description: 'Every recomputed hash matched and every link pointed at its predecessor.' }) intact!: boolean;
  @Field(() => ID, { nullable: true, description: 'The first event whose hash or link does not match; null when intact.' })
  firstBrokenEventId!: string | null;
  @Field(() => ID, { nullable: true, description: 'The last event checked.' }) lastEventId!: string | null;
  @Field(() => String, { nullable: true, description: 'Its hash: publish or sign it to pin the log up to here.' }) lastHash!: string | null;
}

export const AuditEventConnection = connectionTypes(AuditEvent, 'AuditEvent');
