import { visibleToAll } from '../../auth/visibility';
import { ConnectionResult, PageArgs, paginate, SortDirection } from '../../common/connection';
import type { Context } from '../../context';
import { AgencyEntity } from './agency.entity';

export function listAgencies(ctx: Context, args: PageArgs): Promise<ConnectionResult<AgencyEntity>> {
  const qb = visibleToAll(ctx.db.getRepository(AgencyEntity).createQueryBuilder('a'), 'a', ctx.principal);
  return paginate(qb, args, { name: 'id', column: null, direction: SortDirection.ASC }, ctx.config.maxPageSize);
}
