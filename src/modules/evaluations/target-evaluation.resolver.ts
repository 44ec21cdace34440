// SKELETON: replaced by the module's real resolver.
import { FieldResolver, ID, Resolver, Root } from 'type-graphql';
import { encodeGlobalId } from '../../common/global-id';
import { TargetEvaluationEntity } from './target-evaluation.entity';
import { TargetEvaluation } from './target-evaluation.types';

@Resolver(() => TargetEvaluation)
export class TargetEvaluationResolver {
  @FieldResolver(() => ID)
  id(@Root() row: TargetEvaluationEntity): string {
    return encodeGlobalId('TargetEvaluation', row.id);
  }
}
