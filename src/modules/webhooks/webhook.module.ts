import { defineModule } from '../../common/module';
import { WebhookDeliveryEntity } from './webhook-delivery.entity';
import { WebhookEndpointEntity } from './webhook-endpoint.entity';
import { webhookLoaders } from './webhook.loaders';
import { WebhookDeliveryResolver, WebhookEndpointResolver } from './webhook.resolver';

export const webhooksModule = defineModule({
  entities: [WebhookEndpointEntity, WebhookDeliveryEntity],
  resolvers: [WebhookEndpointResolver, WebhookDeliveryResolver],
  nodes: {
    WebhookEndpoint: { entity: WebhookEndpointEntity, load: (ctx, id) => webhookLoaders(ctx).endpointById.load(id) },
    WebhookDelivery: { entity: WebhookDeliveryEntity, load: (ctx, id) => webhookLoaders(ctx).deliveryById.load(id) },
  },
});
