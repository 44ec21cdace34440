import { Arg, Authorized, ID, Resolver, Root, Subscription } from 'type-graphql';
import type { Edge } from '../common/connection';
import { EventType } from '../common/enums';
import { badUserInput } from '../common/errors';
import { decodeId } from '../common/ids';
import { RequestLoaders } from '../common/loaders';
import type { Context } from '../context';
import { TargetEvaluationEntity } from '../modules/evaluations/target-evaluation.entity';
import { evaluationLoaders } from '../modules/evaluations/target-evaluation.loaders';
import { TargetEvaluation } from '../modules/evaluations/target-evaluation.types';
import type { BusinessEventEntity } from '../modules/events/event.entity';
import { listEvents } from '../modules/events/event.queries';
import { EventConnection } from '../modules/events/event.types';
import { agreementLoaders } from '../modules/funding-agreements/funding-agreement.loaders';
import { ImprovementActivityEntity } from '../modules/improvement-activities/improvement-activity.entity';
import { activityLoaders } from '../modules/improvement-activities/improvement-activity.loaders';
import { ImprovementActivity } from '../modules/improvement-activities/improvement-activity.types';
import { programLoaders } from '../modules/programs/program.loaders';
import { SupplierCallEntity } from '../modules/supplier-calls/supplier-call.entity';
import { callLoaders } from '../modules/supplier-calls/supplier-call.loaders';
import { SupplierCall } from '../modules/supplier-calls/supplier-call.types';
import type { ProgramEventBus } from './event-bus';
import type { ProgramEventTopic } from './program-events';

/** The context of an operation over WebSocket: the connection's caller plus the process's event bus. */
export interface SubscriptionContext extends Context {
  events: ProgramEventBus;
}

/** What a subscription names: an agreement (its activities and evaluations) or a program (its calls), which must be visible. */
const SCOPES = {
  agreementId: { type: 'FundingAgreement', noun: 'funding agreement', load: (ctx: Context, id: string) => agreementLoaders(ctx).byId.load(id) },
  programId: { type: 'Program', noun: 'program', load: (ctx: Context, id: string) => programLoaders(ctx).byId.load(id) },
} as const;

/**
 * The rows behind one agreement's (or program's) events of one topic, as the
 * subscriber may see them now. The scope must be visible when subscribing;
 * each event's row is loaded with fresh loaders under the subscriber's
 * visibility, and an event whose row the subscriber may not see is skipped.
 */
async function visibleEvents<T>(
  ctx: SubscriptionContext,
  topic: ProgramEventTopic,
  scope: { argument: keyof typeof SCOPES; globalId: string },
  load: (scope: { loaders: RequestLoaders }, id: string) => Promise<T | null>,
): Promise<AsyncIterableIterator<T>> {
  const { type, noun, load: loadScope } = SCOPES[scope.argument];
  const scopeId = decodeId(scope.globalId, type, scope.argument);
  if (!(await loadScope(ctx, scopeId))) throw badUserInput(scope.argument, `no ${noun} you may see has this id`);
  const events = ctx.events.subscribe((event) => event.topic === topic && event.scopeId === scopeId);
  return payloads(events, async () => {
    for (;;) {
      const { value: event, done } = await events.next();
      if (done) return null;
      // The payload is executed before the next event is read, so loaders swapped in
      // here serve exactly this event: no row cached from an earlier one.
      const loaders = new RequestLoaders(ctx.loaders.base);
      const row = await load({ loaders }, event.id);
      if (!row) continue;
      ctx.loaders = loaders;
      return row;
    }
  });
}

/**
 * A subscription's payloads, each pulled by `pull` (null when the events end),
 * which stop listening to `events` however the subscription ends. An explicit
 * iterator rather than an async generator: a generator's cleanup would not run
 * if the client unsubscribed before the first payload was asked for.
 */
function payloads<T>(events: AsyncIterableIterator<unknown>, pull: () => Promise<T | null>): AsyncIterableIterator<T> {
  const stop = async (): Promise<IteratorResult<T>> => {
    await events.return?.();
    return { value: undefined, done: true };
  };
  const iterator: AsyncIterableIterator<T> = {
    async next(): Promise<IteratorResult<T>> {
      try {
        const value = await pull();
        return value === null ? { value: undefined, done: true } : { value, done: false };
      } catch (error) {
        await stop();
        throw error;
      }
    },
    return: stop,
    [Symbol.asyncIterator]: () => iterator,
  };
  return iterator;
}

/** How many events of the feed one read fetches. */
const FEED_PAGE = 100;

/**
 * The event feed from a cursor: first the events already written after it,
 * then each new one once its transaction commits, each with its cursor, under
 * the subscriber's visibility. The feed itself is the source, not the
 * notifications (they only say "it grew"), so a client that resubscribes with
 * its last cursor after any interruption misses nothing. Without a cursor it
 * starts after the newest event the caller sees now.
 */
async function feedFrom(ctx: SubscriptionContext, after: string | null, types: EventType[] | null): Promise<AsyncIterableIterator<Edge<BusinessEventEntity>>> {
  const read = (cursor: string | null) => listEvents(ctx.db, ctx.principal, { first: FEED_PAGE, after: cursor, filter: { types } }, ctx.config.maxPageSize);
  // "Now" is the newest event the caller sees as the subscription starts.
  const start = after ?? (await listEvents(ctx.db, ctx.principal, { last: 1, filter: { types } }, ctx.config.maxPageSize)).pageInfo.endCursor;
  // Listening before the first read after the cursor: an event committed in between is read, not missed.
  const appended = ctx.events.subscribe((event) => event.topic === 'EVENTS_APPENDED');
  let pending: Edge<BusinessEventEntity>[];
  let cursor = start;
  try {
    // A cursor that is not one of the feed's is refused now, as BAD_USER_INPUT naming `after`.
    pending = (await read(start)).edges;
  } catch (error) {
    await appended.return?.();
    throw error;
  }
  return payloads(appended, async () => {
    for (;;) {
      const edge = pending.shift();
      if (edge) {
        cursor = edge.cursor;
        ctx.loaders = new RequestLoaders(ctx.loaders.base);
        return edge;
      }
      pending = (await read(cursor)).edges;
      if (pending.length) continue;
      if ((await appended.next()).done) return null;
    }
  });
}

@Resolver()
export class SubscriptionResolver {
  @Authorized()
  @Subscription(() => EventConnection.Edge, {
    description:
      'The event feed, live: the events after `after` that the caller may see (those already written first), then each new ' +
      'one once its transaction commits, each with its cursor. Resubscribe with the last cursor received to miss nothing; ' +
      'without `after` it starts from now. Over WebSocket as activityStatusChanged.',
    subscribe: ({ args, context }) => feedFrom(context as SubscriptionContext, args.after ?? null, args.types ?? null),
  })
  events(
    @Root() edge: Edge<BusinessEventEntity>,
    @Arg('after', () => String, { nullable: true, description: 'The cursor of the last event received (Query.events cursors too).' })
    _after: string | null,
    @Arg('types', () => [EventType], { nullable: true, description: 'Only events of these types.' }) _types: EventType[] | null,
  ): Edge<BusinessEventEntity> {
    return edge;
  }

  @Authorized()
  @Subscription(() => ImprovementActivity, {
    description:
      "An improvement activity of the agreement was reported, verified or rejected. Delivered after the change commits; " +
      "the activity is sent as it is when the event is delivered. Over WebSocket (graphql-ws) at /graphql, with the token in " +
      "connection_init's payload as { authorization: \"Bearer <token>\" }.",
    subscribe: ({ args, context }) =>
      visibleEvents(context as SubscriptionContext, 'ACTIVITY_STATUS_CHANGED', { argument: 'agreementId', globalId: args.agreementId }, (scope, id) =>
        activityLoaders(scope).byId.load(id),
      ),
  })
  activityStatusChanged(
    @Root() activity: ImprovementActivityEntity,
    @Arg('agreementId', () => ID, { description: 'A funding agreement the caller may see.' }) _agreementId: string,
  ): ImprovementActivityEntity {
    return activity;
  }

  @Authorized()
  @Subscription(() => TargetEvaluation, {
    description:
      "A target evaluation of the agreement was finalized (its payout is final and, when above zero, an outcome payment is " +
      "scheduled). Delivered after the finalization commits, over WebSocket as activityStatusChanged.",
    subscribe: ({ args, context }) =>
      visibleEvents(context as SubscriptionContext, 'EVALUATION_FINALIZED', { argument: 'agreementId', globalId: args.agreementId }, (scope, id) =>
        evaluationLoaders(scope).byId.load(id),
      ),
  })
  evaluationFinalized(
    @Root() evaluation: TargetEvaluationEntity,
    @Arg('agreementId', () => ID, { description: 'A funding agreement the caller may see.' }) _agreementId: string,
  ): TargetEvaluationEntity {
    return evaluation;
  }

  @Authorized()
  @Subscription(() => SupplierCall, {
    description:
      "A call of the program was decided (R19): its applications are SELECTED or NOT_SELECTED and the recommendations made. " +
      'Delivered after the decision commits, over WebSocket as activityStatusChanged; for the screens that follow a call.',
    subscribe: ({ args, context }) =>
      visibleEvents(context as SubscriptionContext, 'SUPPLIER_CALL_DECIDED', { argument: 'programId', globalId: args.programId }, (scope, id) =>
        callLoaders(scope).byId.load(id),
      ),
  })
  supplierCallDecided(
    @Root() call: SupplierCallEntity,
    @Arg('programId', () => ID, { description: 'A program the caller may see.' }) _programId: string,
  ): SupplierCallEntity {
    return call;
  }
}
