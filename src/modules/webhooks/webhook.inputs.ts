import { ArgsType, Field, InputType } from 'type-graphql';
import { filteredPageArgs } from '../../common/page-args';
import { EventType, WebhookDeliveryStatus } from '../../common/enums';
import { LIST_LIMITS } from '../../common/list-limits';
import { IdField, IntField, ListField, TextField } from '../../common/input-fields';

/** A week: long enough to roll a new secret out to every receiver, short enough that a leaked one stops soon. */
export const MAX_SECRET_OVERLAP_SECONDS = 7 * 86400;
/** Stripe's and Svix's default: a day for the receivers to take the new secret. */
export const DEFAULT_SECRET_OVERLAP_SECONDS = 86400;

@InputType({ description: "An agency registers a URL its events are delivered to, signed as Standard Webhooks specifies." })
export class CreateWebhookEndpointInput {
  @Field({ description: 'Where deliveries are POSTed: https, on a public address; at most 2000 characters.' })
  url!: string;
  @ListField(() => [EventType], {
    of: 'type',
    max: LIST_LIMITS.eventTypesPerEndpoint,
    unique: true,
    nullable: true,
    description: 'Only events of these types, or every type when omitted or empty',
  })
  eventTypes?: EventType[] | null;
  @TextField({ max: 500, nullable: true, description: "What the endpoint is for (e.g. 'KB back office, production')" }) description?: string | null;
}

@InputType({ description: "Changes an endpoint's URL, event types, description or whether it receives deliveries; omitted fields stay." })
export class UpdateWebhookEndpointInput {
  @IdField('WebhookEndpoint', { description: 'The endpoint.' }) id!: string;
  @Field(() => String, { nullable: true, description: 'A new URL, checked as at creation.' })
  url?: string | null;
  @ListField(() => [EventType], {
    of: 'type',
    max: LIST_LIMITS.eventTypesPerEndpoint,
    unique: true,
    nullable: true,
    description: 'The event types it receives from now on, or every type when empty',
  })
  eventTypes?: EventType[] | null;
  @TextField({ max: 500, nullable: true, description: 'A new description' }) description?: string | null;
  @Field(() => Boolean, {
    nullable: true,
    description:
      'false stops every delivery to it (none is made or sent while disabled); true resumes where it stopped, so the events in between are delivered too.',
  })
  enabled?: boolean | null;
}

@InputType({ description: "Replaces an endpoint's signing secret; the new one is shown once." })
export class RotateWebhookEndpointSecretInput {
  @IdField('WebhookEndpoint', { description: 'The endpoint.' }) id!: string;
  @IntField({
    min: 0,
    max: MAX_SECRET_OVERLAP_SECONDS,
    nullable: true,
    description: `How long deliveries are signed with the old secret too (a second v1 signature), in seconds (default ${DEFAULT_SECRET_OVERLAP_SECONDS}; 0 stops the old secret at once)`,
  })
  previousSecretExpiresInSeconds?: number | null;
}

@InputType({ description: 'Sends a delivery again now, with the same webhook-id and body, and a new round of retries if it fails.' })
export class RedeliverWebhookDeliveryInput {
  @IdField('WebhookDelivery', { description: 'The delivery.' }) id!: string;
}

@InputType({ description: "Narrows an endpoint's delivery log; all given conditions must hold." })
export class WebhookDeliveryFilter {
  @Field(() => [WebhookDeliveryStatus], { nullable: true, description: 'Any of these statuses.' })
  status?: WebhookDeliveryStatus[] | null;
}

/** The arguments of Query.webhookDeliveries besides the endpoint: a page and the filter. */
@ArgsType()
export class WebhookDeliveryListArgs extends filteredPageArgs(WebhookDeliveryFilter, 'Narrows the log; omitted: every delivery.') {}
