// SKELETON: replaced by the module's real types.
import { ObjectType } from 'type-graphql';
import { Node, registerNodeType } from '../../common/node';
import { RecommendationEntity } from './recommendation.entity';

registerNodeType(RecommendationEntity, 'Recommendation');

@ObjectType({ implements: Node, description: 'Recommendation' })
export class Recommendation extends Node {}
