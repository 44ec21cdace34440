import { Arg, Args, Authorized, Ctx, ID, Query, Resolver } from 'type-graphql';
import { Role } from '../../auth/roles';
import { ConnectionResult } from '../../common/connection';
import { decodeOptionalId } from '../../common/ids';
import type { Context } from '../../context';
import { AuditEventEntity } from './audit-event.entity';
import { AuditEventListArgs } from './audit-event.inputs';
import { listAuditEvents, verifyAuditChain } from './audit-event.service';
import { AuditChainVerification, AuditEvent, AuditEventConnection } from './audit-event.types';

@Resolver(() => AuditEvent)
export class AuditEventResolver {
  @Authorized(Role.ADMIN, Role.AGENCY_OFFICER)
  @Query(() => AuditEventConnection, { description: 'The audit log (R13), newest first; for admins and agency officers only.' })
  auditEvents(@Args() args: AuditEventListArgs, @Ctx() ctx: Context): Promise<ConnectionResult<AuditEventEntity>> {
    return listAuditEvents(ctx, args);
  }

  @Authorized(Role.ADMIN, Role.AGENCY_OFFICER)
  @Query(() => AuditChainVerification, {
    description:
      'Recomputes the audit chain from the first event (or from the event after `after`) and reports where it breaks. ADMIN and AGENCY_OFFICER.',
  })
  verifyAuditChain(
    @Arg('after', () => ID, { nullable: true, description: 'An audit event whose hash is already trusted (e.g. a published lastHash).' })
    after: string | null,
    @Ctx() ctx: Context,
  ): Promise<AuditChainVerification> {
    return verifyAuditChain(ctx, decodeOptionalId(after, 'AuditEvent', 'after'));
  }
}
