import { Arg, Args, Authorized, Ctx, Query, Resolver } from 'type-graphql';
import { Role } from '../../auth/roles';
import { ConnectionResult } from '../../common/connection';
import { ForwardPageArgs } from '../../common/page-args';
import type { Context } from '../../context';
import { AuditEventEntity } from './audit-event.entity';
import { AuditEventFilter } from './audit-event.inputs';
import { listAuditEvents } from './audit-event.service';
import { AuditEvent, AuditEventConnection } from './audit-event.types';

@Resolver(() => AuditEvent)
export class AuditEventResolver {
  @Authorized(Role.ADMIN, Role.AGENCY_OFFICER)
  @Query(() => AuditEventConnection, { description: 'The audit log (R13), newest first; for admins and agency officers only.' })
  auditEvents(
    @Args() page: ForwardPageArgs,
    @Arg('filter', () => AuditEventFilter, { nullable: true }) filter: AuditEventFilter | null,
    @Ctx() ctx: Context,
  ): Promise<ConnectionResult<AuditEventEntity>> {
    return listAuditEvents(ctx, { ...page, filter });
  }
}
