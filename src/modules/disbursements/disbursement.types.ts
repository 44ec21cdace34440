// SKELETON: replaced by the module's real types.
import { ObjectType } from 'type-graphql';
import { Node, registerNodeType } from '../../common/node';
import { DisbursementEntity } from './disbursement.entity';

registerNodeType(DisbursementEntity, 'Disbursement');

@ObjectType({ implements: Node, description: 'Disbursement' })
export class Disbursement extends Node {}
