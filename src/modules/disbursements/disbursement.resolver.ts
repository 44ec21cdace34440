// SKELETON: replaced by the module's real resolver.
import { FieldResolver, ID, Resolver, Root } from 'type-graphql';
import { encodeGlobalId } from '../../common/global-id';
import { DisbursementEntity } from './disbursement.entity';
import { Disbursement } from './disbursement.types';

@Resolver(() => Disbursement)
export class DisbursementResolver {
  @FieldResolver(() => ID)
  id(@Root() row: DisbursementEntity): string {
    return encodeGlobalId('Disbursement', row.id);
  }
}
