// SKELETON: replaced by the module's real types.
import { ObjectType } from 'type-graphql';
import { Node, registerNodeType } from '../../common/node';
import { SafetyTechnologyEntity } from './safety-technology.entity';

registerNodeType(SafetyTechnologyEntity, 'SafetyTechnology');

@ObjectType({ implements: Node, description: 'SafetyTechnology' })
export class SafetyTechnology extends Node {}
