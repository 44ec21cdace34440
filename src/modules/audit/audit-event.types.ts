// SKELETON: replaced by the module's real types.
import { ObjectType } from 'type-graphql';
import { Node, registerNodeType } from '../../common/node';
import { AuditEventEntity } from './audit-event.entity';

registerNodeType(AuditEventEntity, 'AuditEvent');

@ObjectType({ implements: Node, description: 'AuditEvent' })
export class AuditEvent extends Node {}
