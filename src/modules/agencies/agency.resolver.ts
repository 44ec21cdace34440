import { Args, Authorized, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import { ConnectionResult } from '../../common/connection';
import { encodeGlobalId } from '../../common/global-id';
import { ForwardPageArgs } from '../../common/page-args';
import type { Context } from '../../context';
import { AgencyEntity } from './agency.entity';
import { listAgencies } from './agency.service';
import { Agency, AgencyConnection } from './agency.types';
import { FundingAgreementEntity } from '../funding-agreements/funding-agreement.entity';
import { FundingAgreementConnection } from '../funding-agreements/funding-agreement.types';

@Resolver(() => Agency)
export class AgencyResolver {
  @Authorized()
  @Query(() => AgencyConnection, { description: 'The agencies of the program, in registration order.' })
  agencies(@Args() page: ForwardPageArgs, @Ctx() ctx: Context): Promise<ConnectionResult<AgencyEntity>> {
    return listAgencies(ctx, page);
  }

  @FieldResolver(() => ID, { description: 'Opaque global id.' })
  id(@Root() agency: AgencyEntity): string {
    return encodeGlobalId('Agency', agency.id);
  }

  @FieldResolver(() => FundingAgreementConnection, { description: 'Agreements this agency funds (for a financial institution).' })
  fundedAgreements(
    @Root() agency: AgencyEntity,
    @Args() page: ForwardPageArgs,
    @Ctx() ctx: Context,
  ): Promise<ConnectionResult<FundingAgreementEntity>> {
    return ctx.loaders.fundingAgreements.byFunder({ parentId: agency.id, ...page });
  }
}
