// SKELETON: replaced by the module's real resolver.
import { FieldResolver, ID, Resolver, Root } from 'type-graphql';
import { encodeGlobalId } from '../../common/global-id';
import { ImprovementActivityEntity } from './improvement-activity.entity';
import { ImprovementActivity } from './improvement-activity.types';

@Resolver(() => ImprovementActivity)
export class ImprovementActivityResolver {
  @FieldResolver(() => ID)
  id(@Root() row: ImprovementActivityEntity): string {
    return encodeGlobalId('ImprovementActivity', row.id);
  }
}
