import { ArgsType, Field, ID, InputType } from 'type-graphql';
import { filteredPageArgs } from '../../common/page-args';

@InputType({ description: 'Narrows the audit log; all given conditions must hold.' })
export class AuditEventFilter {
  @Field(() => ID, { nullable: true, description: 'Only events about the object with this global id.' })
  entityId?: string | null;
  @Field(() => String, { nullable: true, description: 'Only events of this mutation, e.g. "finalizeTargetEvaluation".' })
  action?: string | null;
  @Field(() => Date, { nullable: true, description: 'At or after this instant.' }) from?: Date | null;
  @Field(() => Date, { nullable: true, description: 'At or before this instant.' }) to?: Date | null;
}

/** The arguments of Query.auditEvents: a page and the filter. */
@ArgsType()
export class AuditEventListArgs extends filteredPageArgs(AuditEventFilter) {}
