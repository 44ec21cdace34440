import { ArgsType, ClassType, Field, Int } from 'type-graphql';

@ArgsType()
export class ForwardPageArgs {
  @Field(() => Int, { nullable: true, description: 'Page size, default 20, at most 100.' }) first?: number | null;
  @Field(() => String, { nullable: true, description: 'Cursor of the edge after which the page starts.' }) after?: string | null;
}

@ArgsType()
export class BackwardPageArgs extends ForwardPageArgs {
  @Field(() => Int, { nullable: true, description: 'Page size counting back from before, default 20, at most 100.' })
  last?: number | null;
  @Field(() => String, { nullable: true, description: 'Cursor of the edge before which the page ends.' }) before?: string | null;
}

/**
 * A list's arguments: a page (BackwardPageArgs) and an optional `filter` of
 * the list's own filter input, as one @Args() class for the resolver and one
 * type for the service: `class SafetyTechnologyListArgs extends filteredPageArgs(SafetyTechnologyFilter) {}`.
 */
export function filteredPageArgs<Filter extends object>(filter: ClassType<Filter>, description?: string) {
  @ArgsType()
  class FilteredPageArgs extends BackwardPageArgs {
    @Field(() => filter, { nullable: true, description }) filter?: Filter | null;
  }
  return FilteredPageArgs;
}
