// SKELETON: replaced by the module's real types.
import { ObjectType } from 'type-graphql';
import { Node, registerNodeType } from '../../common/node';
import { PerformanceTargetEntity } from './performance-target.entity';

registerNodeType(PerformanceTargetEntity, 'PerformanceTarget');

@ObjectType({ implements: Node, description: 'PerformanceTarget' })
export class PerformanceTarget extends Node {}
