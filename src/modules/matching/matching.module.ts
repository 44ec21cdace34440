import { defineModule } from '../../common/module';
import { matchingLoaders } from './matching.loaders';
import {
  ActivityMatchResolver,
  AgreementMatchesResolver,
  EnterpriseRequestsResolver,
  EvaluationMatchesResolver,
  MatchSuggestionResolver,
  SupplierMatchResolver,
  SupportRequestResolver,
  WorksiteAssessmentResolver,
} from './matching.resolver';
import { SupplierMatchEntity, WorksiteAssessmentEntity } from './supplier-match.entity';
import { SupportRequestEntity } from './support-request.entity';

/** Matching (R20-R22): support requests, suggestions, matches and worksite assessments. */
export const matchingModule = defineModule({
  entities: [SupportRequestEntity, SupplierMatchEntity, WorksiteAssessmentEntity],
  resolvers: [
    SupportRequestResolver,
    MatchSuggestionResolver,
    WorksiteAssessmentResolver,
    SupplierMatchResolver,
    AgreementMatchesResolver,
    EnterpriseRequestsResolver,
    ActivityMatchResolver,
    EvaluationMatchesResolver,
  ],
  nodes: {
    SupportRequest: { entity: SupportRequestEntity, load: (ctx, id) => matchingLoaders(ctx).requestById.load(id) },
    SupplierMatch: { entity: SupplierMatchEntity, load: (ctx, id) => matchingLoaders(ctx).matchById.load(id) },
  },
});
