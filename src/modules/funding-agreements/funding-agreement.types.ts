// SKELETON: replaced by the module's real types.
import { ObjectType } from 'type-graphql';
import { Node, registerNodeType } from '../../common/node';
import { FundingAgreementEntity } from './funding-agreement.entity';

registerNodeType(FundingAgreementEntity, 'FundingAgreement');

@ObjectType({ implements: Node, description: 'FundingAgreement' })
export class FundingAgreement extends Node {}
