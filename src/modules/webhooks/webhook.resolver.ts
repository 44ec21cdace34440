import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { CurrentPrincipal } from '../../auth/current-principal';
import { Role } from '../../auth/roles';
import type { Principal } from '../../auth/roles';
import { ConnectionResult } from '../../common/connection';
import { encodeGlobalId } from '../../common/global-id';
import { decodeId, decodeInputIds } from '../../common/ids';
import { BackwardPageArgs } from '../../common/page-args';
import type { MutationOutcome } from '../../common/user-error';
import type { Context } from '../../context';
import { AgencyEntity } from '../agencies/agency.entity';
import { agencyLoaders } from '../agencies/agency.loaders';
import { Agency } from '../agencies/agency.types';
import { BusinessEventEntity } from '../events/event.entity';
import { eventLoaders } from '../events/event.loaders';
import { Event } from '../events/event.types';
import { WebhookDeliveryEntity } from './webhook-delivery.entity';
import { WebhookEndpointEntity } from './webhook-endpoint.entity';
import {
  CreateWebhookEndpointInput,
  RedeliverWebhookDeliveryInput,
  RotateWebhookEndpointSecretInput,
  UpdateWebhookEndpointInput,
  WebhookDeliveryListArgs,
} from './webhook.inputs';
import { webhookLoaders } from './webhook.loaders';
import {
  createWebhookEndpoint,
  listWebhookDeliveries,
  listWebhookEndpoints,
  redeliverWebhookDelivery,
  rotateWebhookEndpointSecret,
  updateWebhookEndpoint,
} from './webhook.service';
import {
  EndpointWithSecret,
  WebhookDelivery,
  WebhookDeliveryConnection,
  WebhookDeliveryPayload,
  WebhookEndpoint,
  WebhookEndpointConnection,
  WebhookEndpointPayload,
  WebhookEndpointSecretPayload,
} from './webhook.types';

/** Officers of a public agency or a funder, and ADMIN acting for one. */
const INTEGRATORS = [Role.ADMIN, Role.AGENCY_OFFICER, Role.FUNDER_OFFICER];

/** The secret payload's shape from a service outcome. */
function secretPayload(outcome: MutationOutcome<EndpointWithSecret>): WebhookEndpointSecretPayload {
  return { webhookEndpoint: outcome.value?.endpoint ?? null, signingSecret: outcome.value?.signingSecret ?? null, userErrors: outcome.userErrors };
}

@Resolver(() => WebhookEndpoint)
export class WebhookEndpointResolver {
  @Authorized(...INTEGRATORS)
  @Query(() => WebhookEndpointConnection, { description: "The webhook endpoints of the caller's agency (ADMIN: of every agency), oldest first." })
  webhookEndpoints(@Args() page: BackwardPageArgs, @Ctx() ctx: Context): Promise<ConnectionResult<WebhookEndpointEntity>> {
    return listWebhookEndpoints(ctx, page);
  }

  @Authorized(...INTEGRATORS)
  @Query(() => WebhookDeliveryConnection, {
    description: "An endpoint's delivery log, newest first: each event's status, attempts, last answer and next attempt. Empty for an endpoint the caller may not see.",
  })
  webhookDeliveries(
    @Arg('endpointId', () => ID, { description: 'The endpoint.' }) endpointId: string,
    @Args() args: WebhookDeliveryListArgs,
    @Ctx() ctx: Context,
  ): Promise<ConnectionResult<WebhookDeliveryEntity>> {
    return listWebhookDeliveries(ctx, decodeId(endpointId, 'WebhookEndpoint', 'endpointId'), args);
  }

  @Authorized(...INTEGRATORS)
  @Mutation(() => WebhookEndpointSecretPayload, {
    description:
      "Registers a URL for the caller's agency's events, signed as Standard Webhooks specifies; the signing secret is in the result, once. " +
      'The URL must be https on a public address. An ADMIN needs a token naming a public agency or a funder.',
  })
  async createWebhookEndpoint(
    @Arg('input') input: CreateWebhookEndpointInput,
    @Ctx() ctx: Context,
    @CurrentPrincipal() principal: Principal,
  ): Promise<WebhookEndpointSecretPayload> {
    return secretPayload(await createWebhookEndpoint(ctx, principal, input));
  }

  @Authorized(...INTEGRATORS)
  @Mutation(() => WebhookEndpointPayload, { description: "Changes an endpoint's URL, event types or description, or disables or enables it." })
  updateWebhookEndpoint(
    @Arg('input') input: UpdateWebhookEndpointInput,
    @Ctx() ctx: Context,
    @CurrentPrincipal() principal: Principal,
  ): Promise<MutationOutcome<WebhookEndpointEntity>> {
    return updateWebhookEndpoint(ctx, principal, decodeInputIds(input));
  }

  @Authorized(...INTEGRATORS)
  @Mutation(() => WebhookEndpointSecretPayload, {
    description: 'Replaces the signing secret (shown in the result, once); deliveries are signed by the old one too until previousSecretExpiresAt.',
  })
  async rotateWebhookEndpointSecret(
    @Arg('input') input: RotateWebhookEndpointSecretInput,
    @Ctx() ctx: Context,
    @CurrentPrincipal() principal: Principal,
  ): Promise<WebhookEndpointSecretPayload> {
    return secretPayload(await rotateWebhookEndpointSecret(ctx, principal, decodeInputIds(input)));
  }

  @FieldResolver(() => Agency, { description: 'The agency whose events it receives.' })
  agency(@Root() endpoint: WebhookEndpointEntity, @Ctx() ctx: Context): Promise<AgencyEntity | null> {
    return agencyLoaders(ctx).byId.load(endpoint.agencyId);
  }
}

@Resolver(() => WebhookDelivery)
export class WebhookDeliveryResolver {
  @Authorized(...INTEGRATORS)
  @Mutation(() => WebhookDeliveryPayload, {
    description: 'Sends a delivery again now (any status), with the same webhook-id and body, and retries it anew if it fails.',
  })
  redeliverWebhookDelivery(
    @Arg('input') input: RedeliverWebhookDeliveryInput,
    @Ctx() ctx: Context,
    @CurrentPrincipal() principal: Principal,
  ): Promise<MutationOutcome<WebhookDeliveryEntity>> {
    return redeliverWebhookDelivery(ctx, principal, decodeInputIds(input));
  }

  @FieldResolver(() => String)
  webhookId(@Root() delivery: WebhookDeliveryEntity): string {
    return encodeGlobalId('Event', delivery.eventId);
  }

  @FieldResolver(() => Event, { description: 'The event delivered.' })
  async event(@Root() delivery: WebhookDeliveryEntity, @Ctx() ctx: Context): Promise<BusinessEventEntity> {
    // The endpoint's agency may see it, and so may whoever may see the delivery.
    return (await eventLoaders(ctx).byId.load(delivery.eventId))!;
  }

  @FieldResolver(() => WebhookEndpoint, { description: 'The endpoint it goes to.' })
  async endpoint(@Root() delivery: WebhookDeliveryEntity, @Ctx() ctx: Context): Promise<WebhookEndpointEntity> {
    return (await webhookLoaders(ctx).endpointById.load(delivery.endpointId))!;
  }
}
