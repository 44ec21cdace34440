import { ArgsType, Field, Int } from 'type-graphql';

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
