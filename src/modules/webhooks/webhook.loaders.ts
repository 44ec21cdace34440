import { visibleTable, visibleWebhookDeliveries, visibleWebhookEndpoints } from '../../auth/visibility';
import { byIdLoader, defineLoaders } from '../../common/loaders';
import { WebhookDeliveryEntity } from './webhook-delivery.entity';
import { WebhookEndpointEntity } from './webhook-endpoint.entity';

export const ENDPOINTS = visibleTable(WebhookEndpointEntity, visibleWebhookEndpoints, 'webhook endpoint');

export const DELIVERIES = visibleTable(WebhookDeliveryEntity, visibleWebhookDeliveries, 'webhook delivery');

export const webhookLoaders = defineLoaders((base) => ({
  endpointById: byIdLoader(base, ENDPOINTS),
  deliveryById: byIdLoader(base, DELIVERIES),
}));
