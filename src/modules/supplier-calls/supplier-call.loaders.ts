import { visibleApplications, visibleCalls, visibleReviews, visibleTable } from '../../auth/visibility';
import { nestedConnectionLoader } from '../../common/connection';
import { byIdLoader, childrenLoader, defineLoaders } from '../../common/loaders';
import { RECOMMENDATIONS } from '../recommendations/recommendation.loaders';
import { ApplicationReviewEntity } from './application-review.entity';
import { SupplierApplicationEntity } from './supplier-application.entity';
import { ApplicationFilterValues, filterApplications } from './supplier-application.queries';
import { SupplierCallEntity } from './supplier-call.entity';

export const CALLS = visibleTable(SupplierCallEntity, visibleCalls, 'supplier call');

export const APPLICATIONS = visibleTable(SupplierApplicationEntity, visibleApplications, 'supplier application');

export const REVIEWS = visibleTable(ApplicationReviewEntity, visibleReviews, 'application review');

export const callLoaders = defineLoaders((base) => ({
  byId: byIdLoader(base, CALLS),
  /** Program.calls: a page of each program's calls in one statement. */
  byProgram: nestedConnectionLoader<SupplierCallEntity, null>(
    () => visibleCalls(base.db.getRepository(SupplierCallEntity).createQueryBuilder('c'), 'c', base.principal),
    'c.program_id',
    base.maxPageSize,
  ),
  applicationById: byIdLoader(base, APPLICATIONS),
  /** SupplierCall.applications in id (submission) order: a page of each call's applications in one statement. */
  applicationsByCall: nestedConnectionLoader<SupplierApplicationEntity, ApplicationFilterValues>(
    (filter) => filterApplications(visibleApplications(base.db.getRepository(SupplierApplicationEntity).createQueryBuilder('app'), 'app', base.principal), 'app', filter ?? {}),
    'app.call_id',
    base.maxPageSize,
  ),
  /** Enterprise.supplierApplications. */
  applicationsByApplicant: childrenLoader(base, APPLICATIONS, 'applicant_id', (application) => application.applicantId),
  reviewById: byIdLoader(base, REVIEWS),
  reviewsByApplication: childrenLoader(base, REVIEWS, 'application_id', (review) => review.applicationId),
  /** Application.recommendation: at most one per application (a unique column). */
  recommendationsByApplication: childrenLoader(base, RECOMMENDATIONS, 'application_id', (recommendation) => recommendation.applicationId!),
}));
