import { Arg, Authorized, Ctx, Extensions, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import { decodeId, decodeOptionalId } from '../../common/ids';
import { DateScalar } from '../../common/scalars';
import type { Context } from '../../context';
import { ImprovementActivityFilter } from '../improvement-activities/improvement-activity.inputs';
import { decodeActivityFilter } from '../improvement-activities/improvement-activity.queries';
import { ActivityKind, HazardType, Region, SafetyTechCategory } from '../../common/enums';
import { ACTIVITY_KIND_NAMES, HAZARD_NAMES, industryTitle, monthTitle, REGION_NAMES, TECHNOLOGY_CATEGORY_NAMES } from '../../common/labels';
import { enterpriseLoaders } from '../enterprises/enterprise.loaders';
import { activityStats, programSummary } from './stats.service';
import { ActivityDimension, ActivityStatsRow, ProgramSummary } from './stats.types';
import { LIST_LIMITS } from '../../common/list-limits';

@Resolver()
export class StatsResolver {
  @Authorized()
  @Query(() => ProgramSummary, {
    description:
      'Program figures over the agreements the caller may see, for BI. from and to are inclusive days (from <= to, ' +
      'else BAD_USER_INPUT); each figure describes which day of its records they are compared with.',
  })
  programSummary(
    @Arg('from', () => DateScalar, { nullable: true, description: 'First day counted, inclusive.' }) from: string | null,
    @Arg('to', () => DateScalar, { nullable: true, description: 'Last day counted, inclusive.' }) to: string | null,
    @Arg('funderId', () => ID, { nullable: true, description: "Only this funder's agreements." }) funderId: string | null,
    @Arg('programId', () => ID, { nullable: true, description: "Only this program's agreements." }) programId: string | null,
    @Ctx() ctx: Context,
  ): Promise<ProgramSummary> {
    return programSummary(ctx, {
      from,
      to,
      funderId: decodeOptionalId(funderId, 'Agency', 'funderId'),
      programId: decodeOptionalId(programId, 'Program', 'programId'),
    });
  }

  @Authorized()
  @Extensions({ maxItems: LIST_LIMITS.statsGroups })
  @Query(() => [ActivityStatsRow], {
    description:
      'Improvement activities the caller may see, selected by filter as improvementActivities selects them, ' +
      'grouped by one dimension; one row per key that occurs, in key order (byte order of the key string).',
  })
  activityStats(
    @Arg('by', () => ActivityDimension, { description: 'What to group by.' }) by: ActivityDimension,
    @Arg('filter', () => ImprovementActivityFilter, { nullable: true, description: 'Which activities to count.' })
    filter: ImprovementActivityFilter | null,
    @Ctx() ctx: Context,
  ): Promise<ActivityStatsRow[]> {
    return activityStats(ctx, by, decodeActivityFilter(filter));
  }
}

/** The key for people (BI labels), in the request's language (Accept-Language: ko for Korean). */
@Resolver(() => ActivityStatsRow)
export class ActivityStatsRowResolver {
  @FieldResolver(() => String, {
    description:
      "The key for people: a region's or hazard's name, an industry's KSIC title, a provider's name (Korean when Accept-Language prefers ko).",
  })
  async label(@Root() row: ActivityStatsRow, @Ctx() ctx: Context): Promise<string> {
    const locale = ctx.locale;
    switch (row.dimension) {
      case ActivityDimension.BENEFICIARY_REGION:
        return REGION_NAMES[row.key as Region]?.[locale] ?? row.key;
      case ActivityDimension.HAZARD:
        return HAZARD_NAMES[row.key as HazardType]?.[locale] ?? row.key;
      case ActivityDimension.KIND:
        return ACTIVITY_KIND_NAMES[row.key as ActivityKind]?.[locale] ?? row.key;
      case ActivityDimension.TECHNOLOGY_CATEGORY:
        return TECHNOLOGY_CATEGORY_NAMES[row.key as SafetyTechCategory]?.[locale] ?? row.key;
      case ActivityDimension.BENEFICIARY_INDUSTRY:
        return industryTitle(row.key, locale);
      case ActivityDimension.COMPLETED_MONTH:
        return monthTitle(row.key, locale);
      case ActivityDimension.PROVIDER:
        return (await enterpriseLoaders(ctx).byId.load(decodeId(row.key, 'Enterprise', 'key')))?.name ?? row.key;
    }
  }
}
