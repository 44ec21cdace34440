// SKELETON: replaced by the module's real types.
import { ObjectType } from 'type-graphql';
import { Node, registerNodeType } from '../../common/node';
import { ImprovementActivityEntity } from './improvement-activity.entity';

registerNodeType(ImprovementActivityEntity, 'ImprovementActivity');

@ObjectType({ implements: Node, description: 'ImprovementActivity' })
export class ImprovementActivity extends Node {}
