import { EntityManager } from 'typeorm';
import { AgreementStatus, DisbursementStatus } from '../../common/enums';

/**
 * R15, the one home of a program's commitment: what its agreements can still
 * cost or have cost. DRAFT 0; ACTIVE baseAmount + outcomeBudgetCap; COMPLETED
 * or TERMINATED the sum of its disbursements that are not CANCELLED.
 */
const COMMITMENT_SQL = `
  SELECT a.program_id, COALESCE(sum(CASE
           WHEN a.status = '${AgreementStatus.ACTIVE}' THEN a.base_amount + a.outcome_budget_cap
           WHEN a.status IN ('${AgreementStatus.COMPLETED}', '${AgreementStatus.TERMINATED}') THEN
             (SELECT COALESCE(sum(d.amount), 0) FROM disbursement d
               WHERE d.agreement_id = a.id AND d.status <> '${DisbursementStatus.CANCELLED}')
           ELSE 0 END), 0)::text AS committed
    FROM funding_agreement a
   WHERE a.program_id = ANY($1::bigint[])
   GROUP BY a.program_id`;

/** budgetCommitted of each program, in the order of the ids (0 for a program without agreements). */
export async function budgetCommitted(em: EntityManager, programIds: readonly string[]): Promise<bigint[]> {
  const rows: { program_id: string; committed: string }[] = await em.query(COMMITMENT_SQL, [programIds]);
  const byProgram = new Map(rows.map((row) => [String(row.program_id), BigInt(row.committed)]));
  return programIds.map((id) => byProgram.get(id) ?? 0n);
}
