import { Arg, Args, Authorized, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import { CurrentPrincipal } from '../../auth/current-principal';
import { Role } from '../../auth/roles';
import type { Principal } from '../../auth/roles';
import { ConnectionResult } from '../../common/connection';
import { decodeInputIds } from '../../common/ids';
import { BackwardPageArgs } from '../../common/page-args';
import { WonScalar } from '../../common/scalars';
import type { MutationOutcome } from '../../common/user-error';
import type { Context } from '../../context';
import { AgencyEntity } from '../agencies/agency.entity';
import { agencyLoaders } from '../agencies/agency.loaders';
import { Agency } from '../agencies/agency.types';
import { FundingAgreementEntity } from '../funding-agreements/funding-agreement.entity';
import { ProgramAgreementArgs } from '../funding-agreements/funding-agreement.inputs';
import { agreementLoaders } from '../funding-agreements/funding-agreement.loaders';
import { FundingAgreementConnection } from '../funding-agreements/funding-agreement.types';
import { ProgramEntity } from './program.entity';
import { CreateProgramInput } from './program.inputs';
import { programLoaders } from './program.loaders';
import { createProgram, listPrograms } from './program.service';
import { Program, ProgramConnection, ProgramPayload } from './program.types';

@Resolver(() => Program)
export class ProgramResolver {
  @Authorized()
  @Query(() => ProgramConnection, { description: 'The programs the caller may see (a funder officer: its own), in creation order.' })
  programs(@Args() page: BackwardPageArgs, @Ctx() ctx: Context): Promise<ConnectionResult<ProgramEntity>> {
    return listPrograms(ctx, page);
  }

  @Authorized(Role.ADMIN, Role.AGENCY_OFFICER)
  @Mutation(() => ProgramPayload, { description: 'A public agency sets up a program with a funder and a budget envelope (R15).' })
  createProgram(
    @Arg('input') input: CreateProgramInput,
    @Ctx() ctx: Context,
    @CurrentPrincipal() principal: Principal,
  ): Promise<MutationOutcome<ProgramEntity>> {
    return createProgram(ctx, principal, decodeInputIds(input));
  }

  @FieldResolver(() => Agency, { description: 'The PUBLIC_AGENCY that runs calls, reviews, matching and verification.' })
  operator(@Root() program: ProgramEntity, @Ctx() ctx: Context): Promise<AgencyEntity | null> {
    return agencyLoaders(ctx).byId.load(program.operatorId);
  }

  @FieldResolver(() => Agency, { description: 'The FINANCIAL_INSTITUTION whose money the program spends.' })
  funder(@Root() program: ProgramEntity, @Ctx() ctx: Context): Promise<AgencyEntity | null> {
    return agencyLoaders(ctx).byId.load(program.funderId);
  }

  @FieldResolver(() => WonScalar, {
    description:
      "What the program's agreements can still cost or have cost (R15): DRAFT 0, ACTIVE base amount + outcome budget cap, " +
      'COMPLETED or TERMINATED what was disbursed or is still due.',
  })
  budgetCommitted(@Root() program: ProgramEntity, @Ctx() ctx: Context): Promise<bigint> {
    return programLoaders(ctx).budgetCommitted.load(program.id);
  }

  @FieldResolver(() => WonScalar, { description: 'budget minus budgetCommitted: what activations may still commit.' })
  async budgetRemaining(@Root() program: ProgramEntity, @Ctx() ctx: Context): Promise<bigint> {
    return program.budget - (await programLoaders(ctx).budgetCommitted.load(program.id));
  }

  @FieldResolver(() => FundingAgreementConnection, { description: "The program's agreements the caller may see, in creation order." })
  agreements(
    @Root() program: ProgramEntity,
    @Args() args: ProgramAgreementArgs,
    @Ctx() ctx: Context,
  ): Promise<ConnectionResult<FundingAgreementEntity>> {
    const filter = args.filter && decodeInputIds(args.filter, 'filter');
    return agreementLoaders(ctx).byProgram({ parentId: program.id, ...args, filter });
  }
}
