import type { NodeType } from './common/global-id';
import type { LoaderBase } from './common/loaders';
import { createAgencyLoaders } from './modules/agencies/agency.loaders';
import { createAuditLoaders } from './modules/audit/audit-event.loaders';
import { createDisbursementLoaders } from './modules/disbursements/disbursement.loaders';
import { createEnterpriseLoaders } from './modules/enterprises/enterprise.loaders';
import { createEvaluationLoaders } from './modules/evaluations/target-evaluation.loaders';
import { createFundingAgreementLoaders } from './modules/funding-agreements/funding-agreement.loaders';
import { createImprovementActivityLoaders } from './modules/improvement-activities/improvement-activity.loaders';
import { createRecommendationLoaders } from './modules/recommendations/recommendation.loaders';
import { createSafetyTechnologyLoaders } from './modules/safety-technologies/safety-technology.loaders';

/** Every module's DataLoaders for one request: no SQL in field resolvers. */
export function createLoaders(base: LoaderBase) {
  return {
    agencies: createAgencyLoaders(base),
    enterprises: createEnterpriseLoaders(base),
    safetyTechnologies: createSafetyTechnologyLoaders(base),
    recommendations: createRecommendationLoaders(base),
    fundingAgreements: createFundingAgreementLoaders(base),
    improvementActivities: createImprovementActivityLoaders(base),
    evaluations: createEvaluationLoaders(base),
    disbursements: createDisbursementLoaders(base),
    audit: createAuditLoaders(base),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;

/** node(id:): the visible row of the given type, or null. */
export function loadNode(loaders: Loaders, type: NodeType, id: string): Promise<object | null> {
  const byType: Record<NodeType, { load(id: string): Promise<object | null> }> = {
    Agency: loaders.agencies.byId,
    Enterprise: loaders.enterprises.byId,
    SafetyTechnology: loaders.safetyTechnologies.byId,
    Recommendation: loaders.recommendations.byId,
    FundingAgreement: loaders.fundingAgreements.byId,
    PerformanceTarget: loaders.fundingAgreements.targetById,
    ImprovementActivity: loaders.improvementActivities.byId,
    TargetEvaluation: loaders.evaluations.byId,
    Disbursement: loaders.disbursements.byId,
    AuditEvent: loaders.audit.byId,
  };
  return byType[type].load(id);
}
