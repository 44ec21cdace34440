import { Extensions, Field, Int, ObjectType } from 'type-graphql';
import { connectionTypes } from '../../common/connection';
import { EventType, WebhookDeliveryStatus } from '../../common/enums';
import { LIST_LIMITS } from '../../common/list-limits';
import { Node } from '../../common/node';
import { payloadType } from '../../common/payload';
import { UserError } from '../../common/user-error';

@ObjectType({
  implements: Node,
  description:
    "A URL an agency's events are delivered to, signed as Standard Webhooks specifies (webhook-id, webhook-timestamp, webhook-signature): " +
    'every event its officers may see, of its types, from its creation on, at least once, retried for more than 24 hours until acknowledged with a 2xx. ' +
    'Its signing secret is shown once, when created or rotated, and never again.',
})
export class WebhookEndpoint extends Node {
  @Field({ description: 'Where deliveries are POSTed.' }) url!: string;
  @Field(() => String, { nullable: true, description: 'What the endpoint is for.' }) description!: string | null;
  @Field(() => [EventType], { description: 'The event types it receives; empty: every type.' })
  @Extensions({ maxItems: LIST_LIMITS.eventTypesPerEndpoint })
  eventTypes!: EventType[];
  @Field({ description: 'false: nothing is delivered to it until it is enabled again (it then resumes where it stopped).' }) enabled!: boolean;
  @Field({ description: 'When it was registered; it receives the events committed after that.' }) createdAt!: Date;
  @Field({ description: 'When it was last changed.' }) updatedAt!: Date;
  @Field(() => Date, { nullable: true, description: 'When its secret was last rotated; null if never.' }) secretRotatedAt!: Date | null;
  @Field(() => Date, {
    nullable: true,
    description: 'Until when deliveries also carry a signature by the previous secret (after a rotation); null when they carry only the current one.',
  })
  previousSecretExpiresAt!: Date | null;
}

export const WebhookEndpointConnection = connectionTypes(WebhookEndpoint, 'WebhookEndpoint');

export const WebhookEndpointPayload = payloadType(WebhookEndpoint, 'webhookEndpoint', {
  payload: 'Result of updateWebhookEndpoint.',
  value: 'The endpoint as saved',
});

/** What createWebhookEndpoint and rotateWebhookEndpointSecret return: the endpoint, and the secret this once. */
export interface EndpointWithSecret {
  endpoint: object;
  signingSecret: string;
}

@ObjectType({ description: 'Result of createWebhookEndpoint and rotateWebhookEndpointSecret: the endpoint and its new signing secret, shown this once.' })
export class WebhookEndpointSecretPayload {
  @Field(() => WebhookEndpoint, { nullable: true, description: 'The endpoint as saved; null when userErrors is not empty.' })
  webhookEndpoint!: object | null;
  @Field(() => String, {
    nullable: true,
    description:
      'The signing secret, "whsec_" and the key in base64, as Standard Webhooks libraries take it. Shown only here: keep it in your secret store. ' +
      'null when userErrors is not empty.',
  })
  signingSecret!: string | null;
  @Field(() => [UserError], { description: 'Why the input was refused; empty on success.' })
  @Extensions({ maxItems: LIST_LIMITS.userErrors })
  userErrors!: UserError[];
}

@ObjectType({
  implements: Node,
  description:
    'One event for one endpoint, and how its delivery went: the delivery log. Attempts are retried with exponential backoff and jitter ' +
    '(about 5 s, 30 s, 2 min, 10 min, 1 h, 3 h, 6 h, 12 h, 12 h) until one is answered with a 2xx, else it is FAILED.',
})
export class WebhookDelivery extends Node {
  @Field({ description: "The webhook-id header of every attempt: the event's id, the same on every retry and redelivery. De-duplicate by it." })
  webhookId!: string;
  @Field(() => WebhookDeliveryStatus, { description: 'Where it stands.' }) status!: WebhookDeliveryStatus;
  @Field(() => Int, { description: 'Attempts made so far, manual redeliveries included.' }) attempts!: number;
  @Field({ description: 'When the delivery was made from the event (soon after the commit).' }) createdAt!: Date;
  @Field(() => Date, { nullable: true, description: 'When the last attempt started; null before the first.' }) lastAttemptAt!: Date | null;
  @Field(() => Int, { nullable: true, description: "The HTTP status of the last attempt's answer; null when there was none (a network error, a timeout)." })
  lastResponseStatus!: number | null;
  @Field(() => String, { nullable: true, description: "The start of the last answer's body (at most 2 KB)." }) lastResponseBody!: string | null;
  @Field(() => String, { nullable: true, description: 'Why the last attempt failed; null when it succeeded or none was made.' }) lastError!: string | null;
  @Field(() => Date, {
    nullable: true,
    description: 'When the next attempt is due while PENDING (while an attempt runs: when it is given up and tried again); null otherwise.',
  })
  nextAttemptAt!: Date | null;
  @Field(() => Date, { nullable: true, description: 'When an attempt was last acknowledged with a 2xx; null if none was.' }) deliveredAt!: Date | null;
}

export const WebhookDeliveryConnection = connectionTypes(WebhookDelivery, 'WebhookDelivery');

export const WebhookDeliveryPayload = payloadType(WebhookDelivery, 'webhookDelivery', {
  payload: 'Result of redeliverWebhookDelivery.',
  value: 'The delivery, due again now',
});
