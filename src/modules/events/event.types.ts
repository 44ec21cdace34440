import { Field, ObjectType } from 'type-graphql';
import { connectionTypes } from '../../common/connection';
import { EventType } from '../../common/enums';
import { Node } from '../../common/node';
import { JSONScalar } from '../../common/scalars';

@ObjectType({
  implements: Node,
  description:
    'A business event of the feed, written in the transaction of the change it reports. ' +
    'Visible to whoever may see its subject. Webhooks deliver the same events, with the same id.',
})
export class Event extends Node {
  @Field(() => EventType, { description: 'What happened.' }) type!: EventType;
  @Field(() => Date, { description: 'When the change committed its transaction (the mutation time).' }) occurredAt!: Date;
  @Field(() => String, {
    description: 'Its place in the feed, in decimal digits: one more than the event before it, in commit order, without gaps.',
  })
  position!: string;
  @Field(() => JSONScalar, {
    description:
      'A few facts of the change, as a webhook delivers them: the event id, position and subject, a status, an amount in won as a string. ' +
      '(Webhooks add agreementId and programId where the endpoint may see them; here they are the agreement and program fields.)',
  })
  data!: Record<string, unknown>;
}

export const EventConnection = connectionTypes(Event, 'Event');
