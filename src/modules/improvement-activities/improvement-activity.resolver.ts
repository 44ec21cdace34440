import { Arg, Args, Authorized, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import { CurrentPrincipal } from '../../auth/current-principal';
import { Role } from '../../auth/roles';
import type { Principal } from '../../auth/roles';
import { ConnectionResult } from '../../common/connection';
import { decodeInputIds } from '../../common/ids';
import type { MutationOutcome } from '../../common/user-error';
import type { Context } from '../../context';
import { AgencyEntity } from '../agencies/agency.entity';
import { agencyLoaders } from '../agencies/agency.loaders';
import { Agency } from '../agencies/agency.types';
import { EnterpriseEntity } from '../enterprises/enterprise.entity';
import { enterpriseLoaders } from '../enterprises/enterprise.loaders';
import { Enterprise } from '../enterprises/enterprise.types';
import { FundingAgreementEntity } from '../funding-agreements/funding-agreement.entity';
import { agreementLoaders } from '../funding-agreements/funding-agreement.loaders';
import { FundingAgreement } from '../funding-agreements/funding-agreement.types';
import { SafetyTechnologyEntity } from '../safety-technologies/safety-technology.entity';
import { technologyLoaders } from '../safety-technologies/safety-technology.loaders';
import { SafetyTechnology } from '../safety-technologies/safety-technology.types';
import { ImprovementActivityEntity } from './improvement-activity.entity';
import {
  ImprovementActivityListArgs,
  RejectImprovementActivityInput,
  ReportImprovementActivityInput,
  VerifyImprovementActivityInput,
} from './improvement-activity.inputs';
import { decodeActivityFilter } from './improvement-activity.queries';
import {
  listActivities,
  rejectImprovementActivity,
  reportImprovementActivity,
  verifyImprovementActivity,
} from './improvement-activity.service';
import { ImprovementActivity, ImprovementActivityConnection, ImprovementActivityPayload } from './improvement-activity.types';

@Resolver(() => ImprovementActivity)
export class ImprovementActivityResolver {
  @Authorized()
  @Query(() => ImprovementActivityConnection, {
    description:
      'Improvement activities the caller may see, filtered; in id order (new reports append) unless orderBy is given.',
  })
  improvementActivities(@Args() args: ImprovementActivityListArgs, @Ctx() ctx: Context): Promise<ConnectionResult<ImprovementActivityEntity>> {
    return listActivities(ctx, { ...args, filter: decodeActivityFilter(args.filter ?? null) });
  }

  @Authorized(Role.ENTERPRISE, Role.AGENCY_OFFICER, Role.ADMIN)
  @Mutation(() => ImprovementActivityPayload, {
    description: "Reports an on-site improvement activity under an ACTIVE agreement; an enterprise user only under its own (R7).",
  })
  reportImprovementActivity(
    @Arg('input') input: ReportImprovementActivityInput,
    @Ctx() ctx: Context,
    @CurrentPrincipal() principal: Principal,
  ): Promise<MutationOutcome<ImprovementActivityEntity>> {
    const ids = decodeInputIds(input);
    return reportImprovementActivity(ctx, principal, ids);
  }

  @Authorized(Role.AGENCY_OFFICER)
  @Mutation(() => ImprovementActivityPayload, {
    description: "Verifies a REPORTED activity for the officer's public agency; final (R8).",
  })
  verifyImprovementActivity(
    @Arg('input') input: VerifyImprovementActivityInput,
    @Ctx() ctx: Context,
    @CurrentPrincipal() principal: Principal,
  ): Promise<MutationOutcome<ImprovementActivityEntity>> {
    return verifyImprovementActivity(ctx, principal, decodeInputIds(input));
  }

  @Authorized(Role.AGENCY_OFFICER)
  @Mutation(() => ImprovementActivityPayload, { description: 'Rejects a REPORTED activity with a reason; final (R8).' })
  rejectImprovementActivity(
    @Arg('input') input: RejectImprovementActivityInput,
    @Ctx() ctx: Context,
    @CurrentPrincipal() principal: Principal,
  ): Promise<MutationOutcome<ImprovementActivityEntity>> {
    return rejectImprovementActivity(ctx, principal, decodeInputIds(input));
  }

  @FieldResolver(() => FundingAgreement, {
    nullable: true,
    description: 'The agreement it was reported under; null for a caller who may see the activity but not that agreement.',
  })
  agreement(@Root() activity: ImprovementActivityEntity, @Ctx() ctx: Context): Promise<FundingAgreementEntity | null> {
    return agreementLoaders(ctx).byId.load(activity.agreementId);
  }

  @FieldResolver(() => Enterprise, { description: "The funded safety-technology company that did the work (the agreement's recipient)." })
  provider(@Root() activity: ImprovementActivityEntity, @Ctx() ctx: Context): Promise<EnterpriseEntity | null> {
    return enterpriseLoaders(ctx).byId.load(activity.providerId);
  }

  @FieldResolver(() => Enterprise, { description: 'The SME whose worksite was improved.' })
  beneficiary(@Root() activity: ImprovementActivityEntity, @Ctx() ctx: Context): Promise<EnterpriseEntity | null> {
    return enterpriseLoaders(ctx).byId.load(activity.beneficiaryId);
  }

  @FieldResolver(() => SafetyTechnology, { description: "The provider's technology the activity used." })
  technology(@Root() activity: ImprovementActivityEntity, @Ctx() ctx: Context): Promise<SafetyTechnologyEntity | null> {
    return technologyLoaders(ctx).byId.load(activity.technologyId);
  }

  @FieldResolver(() => Agency, { nullable: true, description: 'The agency that verified the activity; null unless VERIFIED.' })
  verifiedBy(@Root() activity: ImprovementActivityEntity, @Ctx() ctx: Context): Promise<AgencyEntity | null> | null {
    return activity.verifiedById ? agencyLoaders(ctx).byId.load(activity.verifiedById) : null;
  }
}
