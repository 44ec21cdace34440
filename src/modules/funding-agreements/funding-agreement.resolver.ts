// SKELETON: replaced by the module's real resolver.
import { FieldResolver, ID, Resolver, Root } from 'type-graphql';
import { encodeGlobalId } from '../../common/global-id';
import { FundingAgreementEntity } from './funding-agreement.entity';
import { FundingAgreement } from './funding-agreement.types';

@Resolver(() => FundingAgreement)
export class FundingAgreementResolver {
  @FieldResolver(() => ID)
  id(@Root() row: FundingAgreementEntity): string {
    return encodeGlobalId('FundingAgreement', row.id);
  }
}
