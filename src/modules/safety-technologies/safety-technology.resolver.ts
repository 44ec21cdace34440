import { Arg, Args, Authorized, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import { CurrentPrincipal } from '../../auth/current-principal';
import { Role } from '../../auth/roles';
import type { Principal } from '../../auth/roles';
import { ConnectionResult } from '../../common/connection';
import { decodeInputIds } from '../../common/ids';
import type { MutationOutcome } from '../../common/user-error';
import type { Context } from '../../context';
import { EnterpriseEntity } from '../enterprises/enterprise.entity';
import { enterpriseLoaders } from '../enterprises/enterprise.loaders';
import { Enterprise } from '../enterprises/enterprise.types';
import { SafetyTechnologyEntity } from './safety-technology.entity';
import { RegisterSafetyTechnologyInput, SafetyTechnologyListArgs } from './safety-technology.inputs';
import { listSafetyTechnologies, registerSafetyTechnology } from './safety-technology.service';
import { SafetyTechnology, SafetyTechnologyConnection, SafetyTechnologyPayload } from './safety-technology.types';

@Resolver(() => SafetyTechnology)
export class SafetyTechnologyResolver {
  @Authorized()
  @Query(() => SafetyTechnologyConnection, { description: 'The directory of safety technologies, in registration order.' })
  safetyTechnologies(@Args() args: SafetyTechnologyListArgs, @Ctx() ctx: Context): Promise<ConnectionResult<SafetyTechnologyEntity>> {
    return listSafetyTechnologies(ctx, { ...args, filter: args.filter && decodeInputIds(args.filter, 'filter') });
  }

  @Authorized(Role.ADMIN, Role.AGENCY_OFFICER, Role.ENTERPRISE)
  @Mutation(() => SafetyTechnologyPayload, { description: "Registers a provider enterprise's safety technology (R3)." })
  registerSafetyTechnology(
    @Arg('input', { description: 'The technology and its provider.' }) input: RegisterSafetyTechnologyInput,
    @Ctx() ctx: Context,
    @CurrentPrincipal() principal: Principal,
  ): Promise<MutationOutcome<SafetyTechnologyEntity>> {
    return registerSafetyTechnology(ctx, principal, decodeInputIds(input));
  }

  @FieldResolver(() => Enterprise, { description: 'The enterprise that owns and markets the technology.' })
  provider(@Root() technology: SafetyTechnologyEntity, @Ctx() ctx: Context): Promise<EnterpriseEntity | null> {
    return enterpriseLoaders(ctx).byId.load(technology.providerId);
  }
}
