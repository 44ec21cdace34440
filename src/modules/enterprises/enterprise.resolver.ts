import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Role } from '../../auth/roles';
import { ConnectionResult } from '../../common/connection';
import { encodeGlobalId } from '../../common/global-id';
import type { Context } from '../../context';
import { formatBrn } from './brn';
import { EnterpriseEntity } from './enterprise.entity';
import { EnterpriseFilter, EnterpriseOrder, RegisterEnterpriseInput, UpdateEnterpriseInput } from './enterprise.inputs';
import { registerEnterprise, listEnterprises, updateEnterprise } from './enterprise.service';
import { Enterprise, EnterpriseConnection, EnterprisePayload } from './enterprise.types';
import { BackwardPageArgs, ForwardPageArgs } from '../../common/page-args';
import { FundingAgreementEntity } from '../funding-agreements/funding-agreement.entity';
import { FundingAgreementConnection } from '../funding-agreements/funding-agreement.types';
import { ImprovementActivityEntity } from '../improvement-activities/improvement-activity.entity';
import { ImprovementActivityFilter } from '../improvement-activities/improvement-activity.inputs';
import { ImprovementActivityConnection } from '../improvement-activities/improvement-activity.types';
import { SafetyTechnologyEntity } from '../safety-technologies/safety-technology.entity';
import { SafetyTechnology } from '../safety-technologies/safety-technology.types';

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

  @FieldResolver(() => ID, { description: 'Opaque global id.' })
  id(@Root() enterprise: EnterpriseEntity): string {
    return encodeGlobalId('Enterprise', enterprise.id);
  }

  @FieldResolver(() => String, { description: 'Korean business registration number, formatted 000-00-00000 and check-digit valid.' })
  businessRegistrationNumber(@Root() enterprise: EnterpriseEntity): string {
    return formatBrn(enterprise.businessRegistrationNumber);
  }

  @FieldResolver(() => [SafetyTechnology], { description: 'The safety technologies this enterprise provides.' })
  safetyTechnologies(@Root() enterprise: EnterpriseEntity, @Ctx() ctx: Context): Promise<SafetyTechnologyEntity[]> {
    return ctx.loaders.safetyTechnologies.byProvider.load(enterprise.id);
  }

  @FieldResolver(() => FundingAgreementConnection, {
    description: 'Agreements under which this enterprise is the funded safety-technology provider.',
  })
  fundingAgreements(
    @Root() enterprise: EnterpriseEntity,
    @Args() page: ForwardPageArgs,
    @Ctx() ctx: Context,
  ): Promise<ConnectionResult<FundingAgreementEntity>> {
    return ctx.loaders.fundingAgreements.byRecipient({ parentId: enterprise.id, ...page });
  }

  @FieldResolver(() => ImprovementActivityConnection, { description: 'Activities this enterprise carried out as the provider.' })
  activitiesProvided(
    @Root() enterprise: EnterpriseEntity,
    @Args() page: ForwardPageArgs,
    @Arg('filter', () => ImprovementActivityFilter, { nullable: true }) filter: ImprovementActivityFilter | null,
    @Ctx() ctx: Context,
  ): Promise<ConnectionResult<ImprovementActivityEntity>> {
    return ctx.loaders.improvementActivities.byProvider({ parentId: enterprise.id, ...page, filter });
  }

  @FieldResolver(() => ImprovementActivityConnection, { description: 'Activities carried out at this enterprise as the beneficiary.' })
  activitiesReceived(
    @Root() enterprise: EnterpriseEntity,
    @Args() page: ForwardPageArgs,
    @Arg('filter', () => ImprovementActivityFilter, { nullable: true }) filter: ImprovementActivityFilter | null,
    @Ctx() ctx: Context,
  ): Promise<ConnectionResult<ImprovementActivityEntity>> {
    return ctx.loaders.improvementActivities.byBeneficiary({ parentId: enterprise.id, ...page, filter });
  }
}
