import { EntityManager } from 'typeorm';
import { EvaluationStatus } from '../../common/enums';
import { PerformanceTargetEntity } from '../funding-agreements/performance-target.entity';
import { TargetEvaluationEntity } from './target-evaluation.entity';

/**
 * The FINALIZED evaluations (R10) as a query over `e`, their targets joined as
 * `t`: the base of every figure of money earned (agreement totals, the
 * remaining outcome budget, programSummary).
 */
export function finalizedEvaluations(manager: EntityManager) {
  return manager
    .getRepository(TargetEvaluationEntity)
    .createQueryBuilder('e')
    .innerJoin(PerformanceTargetEntity, 't', 't.id = e.target_id')
    .where('e.status = :finalized', { finalized: EvaluationStatus.FINALIZED });
}

/** Σ payout of the FINALIZED evaluations per agreement, in one GROUP BY; 0 for an agreement without any. */
export async function outcomePaymentsEarned(manager: EntityManager, agreementIds: readonly string[]): Promise<bigint[]> {
  const rows: { agreement_id: string; earned: string }[] = await finalizedEvaluations(manager)
    .select('t.agreement_id', 'agreement_id')
    // ::text keeps the numeric sum exact on its way into BigInt (R14).
    .addSelect('SUM(e.payout)::text', 'earned')
    .andWhere('t.agreement_id = ANY(CAST(:agreementIds AS bigint[]))', { agreementIds })
    .groupBy('t.agreement_id')
    .getRawMany();
  const earned = new Map(rows.map((row) => [String(row.agreement_id), BigInt(row.earned)]));
  return agreementIds.map((id) => earned.get(id) ?? 0n);
}

/** R10: what outcome payments may still add up to under the agreement's cap. */
export function outcomeBudgetRemaining(agreement: { outcomeBudgetCap: bigint }, earned: bigint): bigint {
  return agreement.outcomeBudgetCap - earned;
}
