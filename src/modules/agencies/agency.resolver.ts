import { Args, Authorized, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import { ConnectionResult } from '../../common/connection';
import { BackwardPageArgs } from '../../common/page-args';
import type { Context } from '../../context';
import { FundingAgreementEntity } from '../funding-agreements/funding-agreement.entity';
import { agreementLoaders } from '../funding-agreements/funding-agreement.loaders';
import { FundingAgreementConnection } from '../funding-agreements/funding-agreement.types';
import { AgencyEntity } from './agency.entity';
import { listAgencies } from './agency.service';
import { Agency, AgencyConnection } from './agency.types';

@Resolver(() => Agency)
export class AgencyResolver {
  @Authorized()
  @Query(() => AgencyConnection, { description: 'The agencies of the program, in registration order.' })
  agencies(@Args() page: BackwardPageArgs, @Ctx() ctx: Context): Promise<ConnectionResult<AgencyEntity>> {
    return listAgencies(ctx, page);
  }

  @FieldResolver(() => FundingAgreementConnection, { description: 'Agreements this agency funds (for a financial institution).' })
  fundedAgreements(
    @Root() agency: AgencyEntity,
    @Args() page: BackwardPageArgs,
    @Ctx() ctx: Context,
  ): Promise<ConnectionResult<FundingAgreementEntity>> {
    return agreementLoaders(ctx).byFunder({ parentId: agency.id, ...page });
  }
}
