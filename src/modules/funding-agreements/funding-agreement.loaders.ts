import DataLoader from 'dataloader';
import { visibleAgreementChildren, visibleAgreements, visibleToAll } from '../../auth/visibility';
import { nestedConnectionLoader } from '../../common/connection';
import { byIdLoader, childrenLoader, LoaderBase } from '../../common/loaders';
import { TargetEvaluationEntity } from '../evaluations/target-evaluation.entity';
import { FundingAgreementEntity } from './funding-agreement.entity';
import { PerformanceTargetEntity } from './performance-target.entity';

export function createFundingAgreementLoaders(base: LoaderBase) {
  return {
    byId: byIdLoader(base, FundingAgreementEntity, visibleAgreements),
    /**
     * ImprovementActivity.agreement: whoever may see an activity may see the
     * agreement it was delivered under (a beneficiary, another funder's officer),
     * since the reference is non-null; that agreement's targets, evaluations,
     * disbursements and other activities stay behind their own scopes.
     */
    referencedByActivity: byIdLoader(base, FundingAgreementEntity, visibleToAll),
    targetById: byIdLoader(base, PerformanceTargetEntity, visibleAgreementChildren),
    targetsByAgreement: childrenLoader(
      base,
      PerformanceTargetEntity,
      'agreement_id',
      (target) => target.agreementId,
      visibleAgreementChildren,
    ),
    outcomePaymentsEarned: outcomePaymentsEarnedLoader(base),
    /** Agency.fundedAgreements. */
    byFunder: agreementsByParentLoader(base, 'funder_id'),
    /** Enterprise.fundingAgreements. */
    byRecipient: agreementsByParentLoader(base, 'recipient_id'),
  };
}

/** Agreements per funder or per recipient, as nested connections (first N by id of each parent in one statement). */
function agreementsByParentLoader(base: LoaderBase, parentColumn: 'funder_id' | 'recipient_id') {
  const parentExpression = `a.${parentColumn}`;
  return nestedConnectionLoader<FundingAgreementEntity, null>(
    () => visibleAgreements(base.db.getRepository(FundingAgreementEntity).createQueryBuilder('a'), 'a', base.principal),
    parentExpression,
    base.maxPageSize,
  );
}

/** Σ payout of FINALIZED evaluations per agreement (R10), one GROUP BY per batch; 0 when none. */
function outcomePaymentsEarnedLoader(base: LoaderBase): DataLoader<string, bigint> {
  return new DataLoader(async (agreementIds) => {
    const qb = base.db
      .getRepository(TargetEvaluationEntity)
      .createQueryBuilder('e')
      .innerJoin(PerformanceTargetEntity, 't', 't.id = e.target_id')
      .select('t.agreement_id', 'agreement_id')
      // ::text keeps the numeric sum exact on its way into BigInt (R14).
      .addSelect('SUM(e.payout)::text', 'earned')
      .where("e.status = 'FINALIZED'")
      .andWhere('t.agreement_id IN (:...agreementIds)', { agreementIds })
      .groupBy('t.agreement_id');
    // A figure of the agreement itself, which the caller already sees: never a partial sum that
    // would make outcomeBudgetRemaining overstate what is left (see ImprovementActivity.agreement).
    const rows: { agreement_id: string; earned: string }[] = await qb.getRawMany();
    const earned = new Map(rows.map((row) => [String(row.agreement_id), BigInt(row.earned)]));
    return agreementIds.map((id) => earned.get(id) ?? 0n);
  });
}
