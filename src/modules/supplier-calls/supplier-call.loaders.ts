import { visibleApplications, visibleCalls, visibleReviews, visibleTable } from '../../auth/visibility';
import { byIdLoader, childrenLoader, defineLoaders } from '../../common/loaders';
import { RECOMMENDATIONS } from '../recommendations/recommendation.loaders';
import { ApplicationReviewEntity } from './application-review.entity';
import { SupplierApplicationEntity } from './supplier-application.entity';
import { SupplierCallEntity } from './supplier-call.entity';

export const CALLS = visibleTable(SupplierCallEntity, visibleCalls, 'supplier call');

export const APPLICATIONS = visibleTable(SupplierApplicationEntity, visibleApplications, 'supplier application');

export const REVIEWS = visibleTable(ApplicationReviewEntity, visibleReviews, 'application review');

export const callLoaders = defineLoaders((base) => ({
  byId: byIdLoader(base, CALLS),
  applicationById: byIdLoader(base, APPLICATIONS),
  /** Enterprise.supplierApplications. */
  applicationsByApplicant: childrenLoader(base, APPLICATIONS, 'applicant_id', (application) => application.applicantId),
  reviewById: byIdLoader(base, REVIEWS),
  reviewsByApplication: childrenLoader(base, REVIEWS, 'application_id', (review) => review.applicationId),
  /** Application.recommendation: at most one per application (a unique column). */
  recommendationsByApplication: childrenLoader(base, RECOMMENDATIONS, 'application_id', (recommendation) => recommendation.applicationId!),
}));
