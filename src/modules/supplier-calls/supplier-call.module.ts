import { defineModule } from '../../common/module';
import { ApplicationReviewEntity } from './application-review.entity';
import { SupplierApplicationEntity } from './supplier-application.entity';
import { SupplierCallEntity } from './supplier-call.entity';
import { callLoaders } from './supplier-call.loaders';
import {
  ApplicationReviewResolver,
  EnterpriseApplicationsResolver,
  ProgramCallsResolver,
  RecommendationApplicationResolver,
  SupplierApplicationResolver,
  SupplierCallResolver,
} from './supplier-call.resolver';

/** Discovery (R16-R19): calls for suppliers, their applications, reviews and the decision. */
export const supplierCallsModule = defineModule({
  entities: [SupplierCallEntity, SupplierApplicationEntity, ApplicationReviewEntity],
  resolvers: [
    SupplierCallResolver,
    ProgramCallsResolver,
    SupplierApplicationResolver,
    ApplicationReviewResolver,
    EnterpriseApplicationsResolver,
    RecommendationApplicationResolver,
  ],
  nodes: {
    SupplierCall: { entity: SupplierCallEntity, load: (ctx, id) => callLoaders(ctx).byId.load(id) },
    SupplierApplication: { entity: SupplierApplicationEntity, load: (ctx, id) => callLoaders(ctx).applicationById.load(id) },
    ApplicationReview: { entity: ApplicationReviewEntity, load: (ctx, id) => callLoaders(ctx).reviewById.load(id) },
  },
});
