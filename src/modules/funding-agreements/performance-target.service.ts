import { actingAgency } from '../../auth/acting-agency';
import { assertActsForFunder, findVisibleForUpdate } from '../../auth/write-access';
import { AgencyKind, PayoutRuleKind } from '../../common/enums';
import { encodeGlobalId } from '../../common/global-id';
import { LIST_LIMITS } from '../../common/list-limits';
import { message } from '../../common/messages';
import { invalidInput as invalid, refuse, refuseAny, UserError } from '../../common/user-error';
import { validateInput } from '../../common/validation';
import { type MutationService, runMutation } from '../../db/mutation';
import { PayoutRule, ratioToBasisPoints } from '../../payouts/payout';
import { assertAgreementAllows } from './agreement-lifecycle';
import { agreementErrors } from './funding-agreement.errors';
import { AGREEMENTS } from './funding-agreement.loaders';
import { PerformanceTargetEntity, StoredPayoutTier } from './performance-target.entity';
import { AddPerformanceTargetInput, PayoutRuleInput, PerformanceTargetInput } from './performance-target.inputs';

/** A target as it is stored, once checkPerformanceTarget accepted it. */
export type TargetRow = Omit<PerformanceTargetEntity, 'id' | 'agreementId' | 'createdAt'>;

/** R11: a tier's minAchievement lies in [0, 10], every other ratio in [0, 1]. */
const MAX_MIN_ACHIEVEMENT = 10;

/**
 * R5 and R11 for one target of an agreement with the given term, whether it
 * comes with createFundingAgreement or addPerformanceTarget: every problem as an
 * INVALID_INPUT under `path`, or the row to store (ratios in basis points).
 */
export async function checkPerformanceTarget(
  target: PerformanceTargetInput,
  term: { startsOn: string; endsOn: string },
  path: string[],
): Promise<{ errors: UserError[]; row: TargetRow | null }> {
  const at = (...field: string[]) => [...path, ...field];
  const errors = await validateInput(target, path);
  const baseline = target.baseline ?? 0;
  if (baseline < 0) errors.push(invalid(at('baseline'), message('target.baselineNegative')));
  if (target.targetValue <= baseline) {
    errors.push(invalid(at('targetValue'), message('target.valueNotAboveBaseline', baseline)));
  }
  if (target.periodStart < term.startsOn) errors.push(invalid(at('periodStart'), message('target.periodOutsideTerm', 'periodStart', term.startsOn, term.endsOn)));
  if (target.periodEnd > term.endsOn) errors.push(invalid(at('periodEnd'), message('target.periodOutsideTerm', 'periodEnd', term.startsOn, term.endsOn)));
  if (target.periodStart > target.periodEnd) errors.push(invalid(at('periodEnd'), message('target.periodEndBeforeStart')));
  const rule = checkPayoutRule(target.payoutRule, at('payoutRule'));
  errors.push(...rule.errors);
  if (errors.length) return { errors, row: null };
  return {
    errors,
    row: {
      metric: target.metric,
      description: target.description ?? null,
      periodStart: target.periodStart,
      periodEnd: target.periodEnd,
      baseline,
      targetValue: target.targetValue,
      maxPayout: target.maxPayout,
      payoutRuleKind: target.payoutRule.kind,
      payoutThresholdBp: rule.thresholdBp,
      payoutTiers: rule.tiers,
    },
  };
}

/** R11: which parts each kind takes, ratio ranges, at most 4 decimals, tier order. */
function checkPayoutRule(
  rule: PayoutRuleInput,
  path: string[],
): { errors: UserError[]; thresholdBp: number | null; tiers: StoredPayoutTier[] | null } {
  const errors: UserError[] = [];
  const refuse = (part: 'threshold' | 'tiers') => errors.push(invalid([...path, part], message('target.ruleTakesNo', rule.kind, part)));
  switch (rule.kind) {
    case PayoutRuleKind.ALL_OR_NOTHING:
      if (rule.threshold != null) refuse('threshold');
      if (rule.tiers != null) refuse('tiers');
      return { errors, thresholdBp: null, tiers: null };
    case PayoutRuleKind.PRO_RATA: {
      if (rule.tiers != null) refuse('tiers');
      const thresholdBp = basisPoints(rule.threshold ?? 0, 1, [...path, 'threshold'], errors);
      return { errors, thresholdBp, tiers: null };
    }
    case PayoutRuleKind.TIERED: {
      if (rule.threshold != null) refuse('threshold');
      if (!rule.tiers?.length) errors.push(invalid([...path, 'tiers'], message('target.tieredWithoutTier')));
      const tiers = (rule.tiers ?? []).map((tier, i) => ({
        minAchievementBp: basisPoints(tier.minAchievement, MAX_MIN_ACHIEVEMENT, [...path, 'tiers', String(i), 'minAchievement'], errors),
        shareBp: basisPoints(tier.share, 1, [...path, 'tiers', String(i), 'share'], errors),
      }));
      tiers.forEach((tier, i) => {
        const previous = tiers[i - 1];
        if (!previous) return;
        const field = [...path, 'tiers', String(i)];
        if (tier.minAchievementBp !== null && previous.minAchievementBp !== null && tier.minAchievementBp <= previous.minAchievementBp) {
          errors.push(invalid([...field, 'minAchievement'], message('target.tierMinAchievementNotIncreasing')));
        }
        // A higher tier paying less would make more progress earn less money.
        if (tier.shareBp !== null && previous.shareBp !== null && tier.shareBp < previous.shareBp) {
          errors.push(invalid([...field, 'share'], message('target.tierShareDecreasing')));
        }
      });
      return { errors, thresholdBp: null, tiers: tiers as StoredPayoutTier[] };
    }
  }
}

/** R11: the stored rule in the payout engine's terms (basis points as stored). */
export function payoutRuleOf(target: PerformanceTargetEntity): PayoutRule {
  switch (target.payoutRuleKind) {
    case PayoutRuleKind.ALL_OR_NOTHING:
      return { kind: 'ALL_OR_NOTHING' };
    case PayoutRuleKind.PRO_RATA:
      // R11: a PRO_RATA rule without a threshold pays from the first unit of progress.
      return { kind: 'PRO_RATA', thresholdBp: target.payoutThresholdBp ?? 0 };
    case PayoutRuleKind.TIERED:
      return { kind: 'TIERED', tiers: target.payoutTiers ?? [] };
  }
}

/** A ratio input in [0, max] with at most 4 decimals as basis points, else null with the reason added to errors. */
function basisPoints(ratio: number, max: number, field: string[], errors: UserError[]): number | null {
  const name = field[field.length - 1];
  if (!(ratio >= 0 && ratio <= max)) {
    errors.push(invalid(field, message('target.ratioOutOfRange', name, max)));
    return null;
  }
  const bp = ratioToBasisPoints(ratio);
  if (bp === null) errors.push(invalid(field, message('target.ratioDecimals', name)));
  return bp;
}

/** A stored target for the audit log: money as a string so that it survives JSON. */
export function targetChanges(target: PerformanceTargetEntity): Record<string, unknown> {
  return {
    id: encodeGlobalId('PerformanceTarget', target.id),
    metric: target.metric,
    description: target.description,
    periodStart: target.periodStart,
    periodEnd: target.periodEnd,
    baseline: target.baseline,
    targetValue: target.targetValue,
    maxPayout: target.maxPayout.toString(),
    payoutRuleKind: target.payoutRuleKind,
    payoutThresholdBp: target.payoutThresholdBp,
    payoutTiers: target.payoutTiers,
  };
}

/** R5: by the agreement's funder, only while the agreement is DRAFT. */
export const addPerformanceTarget: MutationService<AddPerformanceTargetInput, PerformanceTargetEntity> = (ctx, principal, input) => {
  const funder = actingAgency(principal, AgencyKind.FINANCIAL_INSTITUTION);
  return runMutation(ctx, principal, 'addPerformanceTarget', async (em) => {
    // Locked, so that a concurrent activation cannot slip between the status check and the insert.
    const agreement = await findVisibleForUpdate(em, principal, AGREEMENTS, input.agreementId, ['input', 'agreementId']);
    assertActsForFunder(funder, agreement.funderId);
    assertAgreementAllows(agreement.status, 'addTarget', ['input', 'agreementId']);
    if ((await em.countBy(PerformanceTargetEntity, { agreementId: agreement.id })) >= LIST_LIMITS.targetsPerAgreement) {
      refuse(agreementErrors.tooManyTargets());
    }
    const { errors, row } = await checkPerformanceTarget(input.target, agreement, ['input', 'target']);
    refuseAny(errors);
    const saved = await em.save(em.create(PerformanceTargetEntity, { ...row!, agreementId: agreement.id }));
    const changes = { agreementId: encodeGlobalId('FundingAgreement', agreement.id), ...targetChanges(saved) };
    return { value: saved, audit: { entityType: 'PerformanceTarget', entityId: encodeGlobalId('PerformanceTarget', saved.id), changes } };
  });
};
