import { Authorized, Ctx, Field, FieldResolver, ObjectType, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../context';
import { agencyLoaders } from '../modules/agencies/agency.loaders';
import { Agency } from '../modules/agencies/agency.types';
import { enterpriseLoaders } from '../modules/enterprises/enterprise.loaders';
import { Enterprise } from '../modules/enterprises/enterprise.types';
import { CurrentPrincipal } from './current-principal';
import type { Principal } from './roles';
import { Role } from './roles';

@ObjectType({ description: 'Who the caller is, according to its token.' })
export class Viewer {
  @Field({ description: 'The token subject (sub claim).' }) subject!: string;
  @Field(() => Role, { description: 'The role the token grants.' }) role!: Role;
  @Field(() => Agency, { nullable: true, description: 'The agency of an officer.' }) agency!: unknown;
  @Field(() => Enterprise, { nullable: true, description: 'The enterprise of an enterprise user.' }) enterprise!: unknown;
}

@Resolver(() => Viewer)
export class ViewerResolver {
  @Authorized()
  @Query(() => Viewer, { description: 'The caller.' })
  viewer(@CurrentPrincipal() principal: Principal): Principal {
    return principal;
  }

  @FieldResolver(() => Agency, { nullable: true })
  agency(@Root() principal: Principal, @Ctx() ctx: Context) {
    return principal.agency ? agencyLoaders(ctx).byId.load(principal.agency.id) : null;
  }

  @FieldResolver(() => Enterprise, { nullable: true })
  enterprise(@Root() principal: Principal, @Ctx() ctx: Context) {
    return principal.enterprise ? enterpriseLoaders(ctx).byId.load(principal.enterprise.id) : null;
  }
}
