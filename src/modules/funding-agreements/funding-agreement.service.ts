import { visibleAgreements } from '../../auth/visibility';
import { ConnectionResult, PageArgs, paginate, SortDirection } from '../../common/connection';
import { decodeOptionalId } from '../../common/ids';
import { PayoutRuleKind } from '../../common/enums';
import type { Context } from '../../context';
import { basisPointsToRatio } from '../../payouts/payout';
import { FundingAgreementEntity } from './funding-agreement.entity';
import { FundingAgreementFilter } from './funding-agreement.inputs';
import { PerformanceTargetEntity } from './performance-target.entity';
import { PayoutRule } from './performance-target.types';

export function listFundingAgreements(
  ctx: Context,
  args: PageArgs & { filter?: FundingAgreementFilter | null },
): Promise<ConnectionResult<FundingAgreementEntity>> {
  const filter = args.filter ?? {};
  const funderId = decodeOptionalId(filter.funderId, 'Agency', 'filter.funderId');
  const recipientId = decodeOptionalId(filter.recipientId, 'Enterprise', 'filter.recipientId');

  const qb = visibleAgreements(ctx.db.getRepository(FundingAgreementEntity).createQueryBuilder('a'), 'a', ctx.principal);
  if (filter.status?.length) qb.andWhere('a.status IN (:...statuses)', { statuses: filter.status });
  if (funderId) qb.andWhere('a.funder_id = :funderId', { funderId });
  if (recipientId) qb.andWhere('a.recipient_id = :recipientId', { recipientId });
  if (filter.activeOn) qb.andWhere('a.starts_on <= :activeOn AND a.ends_on >= :activeOn', { activeOn: filter.activeOn });
  return paginate(qb, args, { name: 'id', column: null, direction: SortDirection.ASC }, ctx.config.maxPageSize);
}

/** The stored rule in the API's terms: basis points become ratios (R11), for display only. */
export function payoutRuleOf(target: PerformanceTargetEntity): PayoutRule {
  const kind = target.payoutRuleKind as PayoutRuleKind;
  return {
    kind,
    // R11: a PRO_RATA rule without a threshold pays from the first unit of progress.
    threshold: kind === PayoutRuleKind.PRO_RATA ? basisPointsToRatio(target.payoutThresholdBp ?? 0) : null,
    tiers:
      kind === PayoutRuleKind.TIERED
        ? (target.payoutTiers ?? []).map((tier) => ({
            minAchievement: basisPointsToRatio(tier.minAchievementBp),
            share: basisPointsToRatio(tier.shareBp),
          }))
        : null,
  };
}
