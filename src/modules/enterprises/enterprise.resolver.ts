import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Role } from '../../auth/roles';
import { ConnectionResult } from '../../common/connection';
import { encodeGlobalId } from '../../common/global-id';
import type { Context } from '../../context';
import { formatBrn } from './brn';
import { EnterpriseEntity } from './enterprise.entity';
import { EnterpriseFilter, EnterpriseOrder, RegisterEnterpriseInput, UpdateEnterpriseInput } from './enterprise.inputs';
import { registerEnterprise, listEnterprises, updateEnterprise } from './enterprise.service';
import { Enterprise, EnterpriseConnection, EnterprisePayload } from './enterprise.types';
import { BackwardPageArgs } from '../../common/page-args';

@Resolver(() => Enterprise)
export class EnterpriseResolver {
  @Authorized()
  @Query(() => EnterpriseConnection, { description: 'The directory of enterprises, filtered and ordered (default: by name).' })
  enterprises(
    @Args() page: BackwardPageArgs,
    @Arg('filter', () => EnterpriseFilter, { nullable: true }) filter: EnterpriseFilter | null,
    @Arg('orderBy', () => EnterpriseOrder, { nullable: true }) orderBy: EnterpriseOrder | null,
    @Ctx() ctx: Context,
  ): Promise<ConnectionResult<EnterpriseEntity>> {
    return listEnterprises(ctx, { ...page, filter, orderBy });
  }

  @Authorized(Role.ADMIN, Role.AGENCY_OFFICER)
  @Mutation(() => EnterprisePayload, { description: 'Registers an enterprise (R1, R2).' })
  async registerEnterprise(@Arg('input') input: RegisterEnterpriseInput, @Ctx() ctx: Context): Promise<EnterprisePayload> {
    const { value, userErrors } = await registerEnterprise(ctx, input);
    return { enterprise: value, userErrors };
  }

  @Authorized(Role.ADMIN, Role.AGENCY_OFFICER)
  @Mutation(() => EnterprisePayload, { description: "Changes an enterprise's registered details (R2)." })
  async updateEnterprise(@Arg('input') input: UpdateEnterpriseInput, @Ctx() ctx: Context): Promise<EnterprisePayload> {
    const { value, userErrors } = await updateEnterprise(ctx, input);
    return { enterprise: value, userErrors };
  }

  @FieldResolver(() => ID)
  id(@Root() enterprise: EnterpriseEntity): string {
    return encodeGlobalId('Enterprise', enterprise.id);
  }

  @FieldResolver(() => String)
  businessRegistrationNumber(@Root() enterprise: EnterpriseEntity): string {
    return formatBrn(enterprise.businessRegistrationNumber);
  }
}
