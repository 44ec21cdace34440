import { Arg, Args, Authorized, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import { ConnectionResult } from '../../common/connection';
import { EventType } from '../../common/enums';
import { Node } from '../../common/node';
import { BackwardPageArgs } from '../../common/page-args';
import { JSONScalar } from '../../common/scalars';
import type { Context } from '../../context';
import { FundingAgreementEntity } from '../funding-agreements/funding-agreement.entity';
import { agreementLoaders } from '../funding-agreements/funding-agreement.loaders';
import { FundingAgreement } from '../funding-agreements/funding-agreement.types';
import { ProgramEntity } from '../programs/program.entity';
import { programLoaders } from '../programs/program.loaders';
import { Program } from '../programs/program.types';
import { BusinessEventEntity } from './event.entity';
import { loadSubject } from './event.loaders';
import { eventMessage, listEvents } from './event.queries';
import { Event, EventConnection } from './event.types';

@Resolver(() => Event)
export class EventResolver {
  @Authorized()
  @Query(() => EventConnection, {
    description:
      'The event feed, oldest first: every business event whose subject the caller may see. ' +
      'Keep the last cursor and ask again with after: it misses nothing, as positions follow commit order without gaps.',
  })
  events(
    @Args() page: BackwardPageArgs,
    @Arg('types', () => [EventType], { nullable: true, description: 'Only events of these types.' }) types: EventType[] | null,
    @Ctx() ctx: Context,
  ): Promise<ConnectionResult<BusinessEventEntity>> {
    return listEvents(ctx.db, ctx.principal, { ...page, filter: { types } }, ctx.config.maxPageSize);
  }

  @FieldResolver(() => String)
  position(@Root() event: BusinessEventEntity): string {
    return event.id;
  }

  /** The facts without the agreement and program: the pointer fields below name them, as far as the caller may see them. */
  @FieldResolver(() => JSONScalar)
  data(@Root() event: BusinessEventEntity): Record<string, unknown> {
    return eventMessage(event).data;
  }

  @FieldResolver(() => Node, { description: 'What the event is about, as it is now.' })
  async subject(@Root() event: BusinessEventEntity, @Ctx() ctx: Context): Promise<object> {
    return (await loadSubject(ctx, event))!;
  }

  @FieldResolver(() => FundingAgreement, { nullable: true, description: 'The agreement it happened under; null when there is none or the caller may not see it.' })
  agreement(@Root() event: BusinessEventEntity, @Ctx() ctx: Context): Promise<FundingAgreementEntity | null> {
    return event.agreementId ? agreementLoaders(ctx).byId.load(event.agreementId) : Promise.resolve(null);
  }

  @FieldResolver(() => Program, { nullable: true, description: 'The program it happened in, when the event names one.' })
  program(@Root() event: BusinessEventEntity, @Ctx() ctx: Context): Promise<ProgramEntity | null> {
    return event.programId ? programLoaders(ctx).byId.load(event.programId) : Promise.resolve(null);
  }
}
