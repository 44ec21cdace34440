import type { EntityManager } from 'typeorm';
import type { Principal } from '../../auth/roles';
import { visibleRows } from '../../auth/visibility';
import { findVisibleForUpdate, lockRow } from '../../auth/write-access';
import { ConnectionResult, ListArgs, PageArgs, paginate, SortDirection } from '../../common/connection';
import { AgencyKind, WebhookDeliveryStatus } from '../../common/enums';
import { forbidden } from '../../common/errors';
import { encodeGlobalId } from '../../common/global-id';
import { refuse, refuseAny, UserError } from '../../common/user-error';
import { validateInput } from '../../common/validation';
import { type Context, now } from '../../context';
import { type MutationService, runMutation } from '../../db/mutation';
import { AgencyEntity } from '../agencies/agency.entity';
import { WebhookDeliveryEntity } from './webhook-delivery.entity';
import { WebhookEndpointEntity } from './webhook-endpoint.entity';
import { webhookErrors } from './webhook.errors';
import {
  CreateWebhookEndpointInput,
  DEFAULT_SECRET_OVERLAP_SECONDS,
  RedeliverWebhookDeliveryInput,
  RotateWebhookEndpointSecretInput,
  UpdateWebhookEndpointInput,
  WebhookDeliveryFilter,
} from './webhook.inputs';
import { DELIVERIES, ENDPOINTS } from './webhook.loaders';
import type { EndpointWithSecret } from './webhook.types';
import { newSigningSecret, sealSecret } from './webhook-secret';
import { checkWebhookUrl } from './webhook-url';

/** Each endpoint multiplies the delivery work; an agency needs a few (production, staging), not dozens. */
export const MAX_ENDPOINTS_PER_AGENCY = 20;

const NEWEST_FIRST = { name: 'id', column: null, direction: SortDirection.DESC };

/** The caller's agency's endpoints (ADMIN: every agency's), oldest first. */
export function listWebhookEndpoints(ctx: Context, args: PageArgs): Promise<ConnectionResult<WebhookEndpointEntity>> {
  return paginate(visibleRows(ctx.db, ENDPOINTS, 'w', ctx.principal), args, { name: 'id', column: null, direction: SortDirection.ASC }, ctx.config.maxPageSize);
}

/** An endpoint's delivery log, newest first; empty for an endpoint the caller may not see. */
export function listWebhookDeliveries(
  ctx: Context,
  endpointId: string,
  args: ListArgs<WebhookDeliveryFilter>,
): Promise<ConnectionResult<WebhookDeliveryEntity>> {
  const qb = visibleRows(ctx.db, DELIVERIES, 'd', ctx.principal).andWhere('d.endpoint_id = :endpointId', { endpointId });
  if (args.filter?.status?.length) qb.andWhere('d.status IN (:...statuses)', { statuses: args.filter.status });
  return paginate(qb, args, NEWEST_FIRST, ctx.config.maxPageSize);
}

/**
 * The agency an endpoint is registered for: the officer's own; an ADMIN's
 * token must name a public agency or a funder (the kinds whose officers'
 * visibility the deliveries follow).
 */
function endpointAgency(principal: Principal): { id: string; code: string } {
  const kinds: string[] = [AgencyKind.PUBLIC_AGENCY, AgencyKind.FINANCIAL_INSTITUTION];
  if (!principal.agency || !kinds.includes(principal.agency.kind)) {
    throw forbidden('Webhook endpoints are registered for a public agency or a funder; the token names neither');
  }
  return principal.agency;
}

/** An ADMIN sees every endpoint but changes only those of the agency its token names. */
function assertActsForEndpointAgency(agency: { id: string; code: string }, endpoint: WebhookEndpointEntity): void {
  if (endpoint.agencyId !== agency.id) throw forbidden(`Only the agency that registered this endpoint may change it; you act for ${agency.code}`);
}

/** The URL's refusal (checked before the transaction: resolving its host takes a moment), if any. */
async function urlProblems(ctx: Context, url: string | null | undefined): Promise<UserError[]> {
  if (url === null || url === undefined) return [];
  const problem = await checkWebhookUrl(url, ctx.config.webhooks);
  return problem ? [webhookErrors.url(problem)] : [];
}

function endpointAudit(endpoint: WebhookEndpointEntity, changes: Record<string, unknown>) {
  return { entityType: 'WebhookEndpoint', entityId: encodeGlobalId('WebhookEndpoint', endpoint.id), changes };
}

/**
 * Registers an endpoint for the caller's agency with a new signing secret,
 * shown in the result only. It receives the events committed from now on;
 * what came before is in the feed (Query.events).
 */
export const createWebhookEndpoint: MutationService<CreateWebhookEndpointInput, EndpointWithSecret> = async (ctx, principal, input) => {
  const agency = endpointAgency(principal);
  const refusals = await urlProblems(ctx, input.url);
  return runMutation(ctx, principal, 'createWebhookEndpoint', async (em) => {
    refuseAny([...(await validateInput(input)), ...refusals]);
    // Serializes the agency's registrations, so the limit holds under concurrent calls.
    await lockRow(em, AgencyEntity, agency.id);
    if ((await em.countBy(WebhookEndpointEntity, { agencyId: agency.id })) >= MAX_ENDPOINTS_PER_AGENCY) {
      refuse(webhookErrors.tooManyEndpoints(MAX_ENDPOINTS_PER_AGENCY));
    }
    const [{ last }] = await em.query(`SELECT coalesce(max(id), 0)::text AS last FROM business_event`);
    const signingSecret = newSigningSecret();
    const at = now(ctx);
    const saved = await em.save(
      em.create(WebhookEndpointEntity, {
        agencyId: agency.id,
        url: input.url,
        description: input.description ?? null,
        eventTypes: input.eventTypes ?? [],
        enabled: true,
        secret: sealSecret(signingSecret, ctx.config.webhooks.secretsKey),
        previousSecret: null,
        previousSecretExpiresAt: null,
        fannedOutPosition: last,
        createdBy: principal.subject,
        createdAt: at,
        updatedAt: at,
        secretRotatedAt: null,
      }),
    );
    const endpoint = await em.findOneByOrFail(WebhookEndpointEntity, { id: saved.id });
    // Never the secret: the audit log is read by more people than the agency's integrators.
    const changes = { agencyId: encodeGlobalId('Agency', agency.id), url: endpoint.url, eventTypes: endpoint.eventTypes, description: endpoint.description };
    return { value: { endpoint, signingSecret }, audit: endpointAudit(endpoint, changes) };
  });
};

export const updateWebhookEndpoint: MutationService<UpdateWebhookEndpointInput, WebhookEndpointEntity> = async (ctx, principal, input) => {
  const agency = endpointAgency(principal);
  const refusals = await urlProblems(ctx, input.url);
  return runMutation(ctx, principal, 'updateWebhookEndpoint', async (em) => {
    refuseAny(await validateInput(input));
    const endpoint = await findVisibleForUpdate(em, principal, ENDPOINTS, input.id, ['input', 'id']);
    assertActsForEndpointAgency(agency, endpoint);
    refuseAny(refusals);
    const fields: Partial<WebhookEndpointEntity> = {};
    if (input.url != null) fields.url = input.url;
    if (input.eventTypes != null) fields.eventTypes = input.eventTypes;
    if (input.description !== undefined) fields.description = input.description;
    if (input.enabled != null) fields.enabled = input.enabled;
    const changes = Object.fromEntries(
      Object.entries(fields)
        .filter(([key, value]) => JSON.stringify(endpoint[key as keyof WebhookEndpointEntity]) !== JSON.stringify(value))
        .map(([key, value]) => [key, { from: endpoint[key as keyof WebhookEndpointEntity], to: value }]),
    );
    await em.update(WebhookEndpointEntity, endpoint.id, { ...fields, updatedAt: now(ctx) });
    const saved = await em.findOneByOrFail(WebhookEndpointEntity, { id: endpoint.id });
    return { value: saved, audit: endpointAudit(saved, changes) };
  });
};

/**
 * A new signing secret, shown in the result only. For the overlap asked for,
 * deliveries carry a second signature by the old secret, so receivers can
 * switch without failing a delivery; then the old one signs nothing.
 */
export const rotateWebhookEndpointSecret: MutationService<RotateWebhookEndpointSecretInput, EndpointWithSecret> = async (ctx, principal, input) => {
  const agency = endpointAgency(principal);
  return runMutation(ctx, principal, 'rotateWebhookEndpointSecret', async (em) => {
    refuseAny(await validateInput(input));
    const endpoint = await findVisibleForUpdate(em, principal, ENDPOINTS, input.id, ['input', 'id']);
    assertActsForEndpointAgency(agency, endpoint);
    const overlapSeconds = input.previousSecretExpiresInSeconds ?? DEFAULT_SECRET_OVERLAP_SECONDS;
    const at = now(ctx);
    const previousSecretExpiresAt = overlapSeconds > 0 ? new Date(at.getTime() + overlapSeconds * 1000) : null;
    const signingSecret = newSigningSecret();
    await em.query(
      `UPDATE webhook_endpoint
          SET previous_secret = CASE WHEN $3::timestamptz IS NULL THEN NULL ELSE secret END,
              previous_secret_expires_at = $3, secret = $2, secret_rotated_at = $4, updated_at = $4
        WHERE id = $1`,
      [endpoint.id, sealSecret(signingSecret, ctx.config.webhooks.secretsKey), previousSecretExpiresAt, at],
    );
    const saved = await em.findOneByOrFail(WebhookEndpointEntity, { id: endpoint.id });
    return { value: { endpoint: saved, signingSecret }, audit: endpointAudit(saved, { secretRotatedAt: at, previousSecretExpiresAt }) };
  });
};

/**
 * Makes a delivery due now, whatever its status, with a new round of retries:
 * the same body and webhook-id, so a receiver that already has it sees a
 * duplicate it can drop. Its endpoint must be enabled.
 */
export const redeliverWebhookDelivery: MutationService<RedeliverWebhookDeliveryInput, WebhookDeliveryEntity> = async (ctx, principal, input) => {
  const agency = endpointAgency(principal);
  return runMutation(ctx, principal, 'redeliverWebhookDelivery', async (em) => {
    const delivery = await findVisibleForUpdate(em, principal, DELIVERIES, input.id, ['input', 'id']);
    const endpoint = await lockRow(em, WebhookEndpointEntity, delivery.endpointId, 'pessimistic_read');
    assertActsForEndpointAgency(agency, endpoint);
    if (!endpoint.enabled) refuse(webhookErrors.endpointDisabled());
    await dueNow(em, delivery.id);
    const saved = await em.findOneByOrFail(WebhookDeliveryEntity, { id: delivery.id });
    const changes = { status: { from: delivery.status, to: WebhookDeliveryStatus.PENDING }, attempts: delivery.attempts };
    return { value: saved, audit: { entityType: 'WebhookDelivery', entityId: encodeGlobalId('WebhookDelivery', saved.id), changes } };
  });
};

/** Due at the database's clock, which the workers' claims read. */
async function dueNow(em: EntityManager, deliveryId: string): Promise<void> {
  await em.query(`UPDATE webhook_delivery SET status = 'PENDING', next_attempt_at = now(), retries_from = attempts WHERE id = $1`, [deliveryId]);
}
