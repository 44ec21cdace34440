import type { NodeType } from '../common/global-id';
import type { NodeDefinition } from '../common/module';
import { agenciesModule } from './agencies/agency.module';
import { auditModule } from './audit/audit-event.module';
import { disbursementsModule } from './disbursements/disbursement.module';
import { enterprisesModule } from './enterprises/enterprise.module';
import { evaluationsModule } from './evaluations/target-evaluation.module';
import { eventsModule } from './events/event.module';
import { fundingAgreementsModule } from './funding-agreements/funding-agreement.module';
import { improvementActivitiesModule } from './improvement-activities/improvement-activity.module';
import { matchingModule } from './matching/matching.module';
import { programsModule } from './programs/program.module';
import { recommendationsModule } from './recommendations/recommendation.module';
import { safetyTechnologiesModule } from './safety-technologies/safety-technology.module';
import { supplierCallsModule } from './supplier-calls/supplier-call.module';
import { statsModule } from './stats/stats.module';
import { webhooksModule } from './webhooks/webhook.module';

/**
 * Every module of the API, the one list a new module is added to: the data
 * source's entities, the schema's resolvers and node(id:) are built from it.
 * See docs/architecture.md, "Adding a module".
 */
export const modules = [
  agenciesModule,
  enterprisesModule,
  safetyTechnologiesModule,
  programsModule,
  supplierCallsModule,
  matchingModule,
  recommendationsModule,
  fundingAgreementsModule,
  improvementActivitiesModule,
  evaluationsModule,
  disbursementsModule,
  auditModule,
  eventsModule,
  webhooksModule,
  statsModule,
] as const;

/** The node type names the modules define (distributes over the union of modules). */
type NodeTypesOf<M> = M extends { nodes: infer Nodes } ? keyof Nodes : never;
type DefinedNodeType = NodeTypesOf<(typeof modules)[number]>;

/**
 * A NodeType that no module defines is a compile error here, naming the type:
 * a global id of it could be decoded but never loaded.
 */
const everyNodeTypeHasAModule: [Exclude<NodeType, DefinedNodeType>] extends [never] ? true : { missing: Exclude<NodeType, DefinedNodeType> } = true;
void everyNodeTypeHasAModule;

export const entities = modules.flatMap((module): Function[] => module.entities);

export const moduleResolvers = modules.flatMap((module): Function[] => module.resolvers);

export const nodeDefinitions = Object.assign({}, ...modules.map((module) => module.nodes)) as Record<NodeType, NodeDefinition>;
