// SKELETON: replaced by the module's real types.
import { ObjectType } from 'type-graphql';
import { Node, registerNodeType } from '../../common/node';
import { TargetEvaluationEntity } from './target-evaluation.entity';

registerNodeType(TargetEvaluationEntity, 'TargetEvaluation');

@ObjectType({ implements: Node, description: 'TargetEvaluation' })
export class TargetEvaluation extends Node {}
