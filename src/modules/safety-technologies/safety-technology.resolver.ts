// SKELETON: replaced by the module's real resolver.
import { FieldResolver, ID, Resolver, Root } from 'type-graphql';
import { encodeGlobalId } from '../../common/global-id';
import { SafetyTechnologyEntity } from './safety-technology.entity';
import { SafetyTechnology } from './safety-technology.types';

@Resolver(() => SafetyTechnology)
export class SafetyTechnologyResolver {
  @FieldResolver(() => ID)
  id(@Root() row: SafetyTechnologyEntity): string {
    return encodeGlobalId('SafetyTechnology', row.id);
  }
}
