import { Arg, Args, Authorized, Ctx, Extensions, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import { CurrentPrincipal } from '../../auth/current-principal';
import { Role } from '../../auth/roles';
import type { Principal } from '../../auth/roles';
import { ConnectionResult } from '../../common/connection';
import { decodeInputIds } from '../../common/ids';
import { BackwardPageArgs } from '../../common/page-args';
import type { MutationOutcome } from '../../common/user-error';
import type { Context } from '../../context';
import { FundingAgreementEntity } from '../funding-agreements/funding-agreement.entity';
import { agreementLoaders } from '../funding-agreements/funding-agreement.loaders';
import { FundingAgreementConnection } from '../funding-agreements/funding-agreement.types';
import { ImprovementActivityEntity } from '../improvement-activities/improvement-activity.entity';
import { ActivityPageArgs } from '../improvement-activities/improvement-activity.inputs';
import { activityLoaders } from '../improvement-activities/improvement-activity.loaders';
import { ImprovementActivityConnection } from '../improvement-activities/improvement-activity.types';
import { SafetyTechnologyEntity } from '../safety-technologies/safety-technology.entity';
import { technologyLoaders } from '../safety-technologies/safety-technology.loaders';
import { SafetyTechnology } from '../safety-technologies/safety-technology.types';
import { formatBrn } from './brn';
import { EnterpriseEntity } from './enterprise.entity';
import { EnterpriseListArgs, RegisterEnterpriseInput, UpdateEnterpriseInput } from './enterprise.inputs';
import { registerEnterprise, listEnterprises, updateEnterprise } from './enterprise.service';
import { Enterprise, EnterpriseConnection, EnterprisePayload } from './enterprise.types';
import { LIST_LIMITS } from '../../common/list-limits';

@Resolver(() => Enterprise)
export class EnterpriseResolver {
  @Authorized()
  @Query(() => EnterpriseConnection, { description: 'The directory of enterprises, filtered and ordered (default: by name).' })
  enterprises(@Args() args: EnterpriseListArgs, @Ctx() ctx: Context): Promise<ConnectionResult<EnterpriseEntity>> {
    return listEnterprises(ctx, args);
  }

  @Authorized(Role.ADMIN, Role.AGENCY_OFFICER)
  @Mutation(() => EnterprisePayload, { description: 'Registers an enterprise (R1, R2).' })
  registerEnterprise(
    @Arg('input') input: RegisterEnterpriseInput,
    @Ctx() ctx: Context,
    @CurrentPrincipal() principal: Principal,
  ): Promise<MutationOutcome<EnterpriseEntity>> {
    return registerEnterprise(ctx, principal, input);
  }

  @Authorized(Role.ADMIN, Role.AGENCY_OFFICER)
  @Mutation(() => EnterprisePayload, { description: "Changes an enterprise's registered details (R2)." })
  updateEnterprise(
    @Arg('input') input: UpdateEnterpriseInput,
    @Ctx() ctx: Context,
    @CurrentPrincipal() principal: Principal,
  ): Promise<MutationOutcome<EnterpriseEntity>> {
    return updateEnterprise(ctx, principal, decodeInputIds(input));
  }

  @FieldResolver(() => String, { description: 'Korean business registration number, formatted 000-00-00000 and check-digit valid.' })
  businessRegistrationNumber(@Root() enterprise: EnterpriseEntity): string {
    return formatBrn(enterprise.businessRegistrationNumber);
  }

  @FieldResolver(() => [SafetyTechnology], { description: 'The safety technologies this enterprise provides.' })
  @Extensions({ maxItems: LIST_LIMITS.technologiesPerEnterprise })
  safetyTechnologies(@Root() enterprise: EnterpriseEntity, @Ctx() ctx: Context): Promise<SafetyTechnologyEntity[]> {
    return technologyLoaders(ctx).byProvider.load(enterprise.id);
  }

  @FieldResolver(() => FundingAgreementConnection, {
    description: 'Agreements under which this enterprise is the funded safety-technology provider.',
  })
  fundingAgreements(
    @Root() enterprise: EnterpriseEntity,
    @Args() page: BackwardPageArgs,
    @Ctx() ctx: Context,
  ): Promise<ConnectionResult<FundingAgreementEntity>> {
    return agreementLoaders(ctx).byRecipient({ parentId: enterprise.id, ...page });
  }

  @FieldResolver(() => ImprovementActivityConnection, { description: 'Activities this enterprise carried out as the provider.' })
  activitiesProvided(
    @Root() enterprise: EnterpriseEntity,
    @Args() args: ActivityPageArgs,
    @Ctx() ctx: Context,
  ): Promise<ConnectionResult<ImprovementActivityEntity>> {
    return activityLoaders(ctx).byProvider({ parentId: enterprise.id, ...args });
  }

  @FieldResolver(() => ImprovementActivityConnection, { description: 'Activities carried out at this enterprise as the beneficiary.' })
  activitiesReceived(
    @Root() enterprise: EnterpriseEntity,
    @Args() args: ActivityPageArgs,
    @Ctx() ctx: Context,
  ): Promise<ConnectionResult<ImprovementActivityEntity>> {
    return activityLoaders(ctx).byBeneficiary({ parentId: enterprise.id, ...args });
  }
}
