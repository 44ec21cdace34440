// SKELETON: replaced by the module's real resolver.
import { FieldResolver, ID, Resolver, Root } from 'type-graphql';
import { encodeGlobalId } from '../../common/global-id';
import { PerformanceTargetEntity } from './performance-target.entity';
import { PerformanceTarget } from './performance-target.types';

@Resolver(() => PerformanceTarget)
export class PerformanceTargetResolver {
  @FieldResolver(() => ID)
  id(@Root() row: PerformanceTargetEntity): string {
    return encodeGlobalId('PerformanceTarget', row.id);
  }
}
