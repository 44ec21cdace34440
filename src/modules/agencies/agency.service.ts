import { visibleRows } from '../../auth/visibility';
import { BY_ID, ConnectionResult, PageArgs, paginate } from '../../common/connection';
import type { Context } from '../../context';
import { AgencyEntity } from './agency.entity';
import { AGENCIES } from './agency.loaders';

export function listAgencies(ctx: Context, args: PageArgs): Promise<ConnectionResult<AgencyEntity>> {
  return paginate(visibleRows(ctx.db, AGENCIES, 'a', ctx.principal), args, BY_ID, ctx.config.maxPageSize);
}
