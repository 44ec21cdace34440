import { DataSource } from 'typeorm';
import { Role } from '../auth/roles';
import { AgreementStatus, DisbursementKind, DisbursementStatus } from '../common/enums';
import { programToday } from '../common/program-calendar';
import type { Config } from '../config';
import { ContextDeps, createInternalContext } from '../context';
import { RecordDisbursementPaymentInput } from '../modules/disbursements/disbursement.inputs';
import { recordDisbursementPayment } from '../modules/disbursements/disbursement.service';
import { EvaluatePerformanceTargetInput, FinalizeTargetEvaluationInput } from '../modules/evaluations/target-evaluation.inputs';
import { evaluatePerformanceTarget, finalizeTargetEvaluation } from '../modules/evaluations/target-evaluation.service';
import { expectSuccess, officer } from './demo-call';
import { seedDemoData } from './demo-data';

/**
 * The second half of the demo program, played through the same services the
 * API uses (with their rules and audit events): KOSME evaluates every target
 * whose period has ended, KB finalizes those evaluations (the outcome budget
 * caps some), and KB's back office pays most of the outcome payments.
 */
export interface DemoWorkflowSummary {
  evaluationsFinalized: number;
  payoutsCapped: number;
  outcomePaymentsPaid: number;
}

export async function playDemoWorkflow(db: DataSource, config: Config, logger: ContextDeps['logger']): Promise<DemoWorkflowSummary> {
  const deps = { db, config, logger };
  const kosme = await officer(db, Role.AGENCY_OFFICER, 'KOSME', 'kosme-officer-1');
  const kb = await officer(db, Role.FUNDER_OFFICER, 'KB', 'kb-officer-1');
  const today = programToday();

  const targets: { id: string }[] = await db.query(
    `SELECT t.id FROM performance_target t JOIN funding_agreement a ON a.id = t.agreement_id
      WHERE a.status = $1 AND t.period_end < $2 ORDER BY t.id`,
    [AgreementStatus.ACTIVE, today],
  );
  const summary: DemoWorkflowSummary = { evaluationsFinalized: 0, payoutsCapped: 0, outcomePaymentsPaid: 0 };
  for (const target of targets) {
    // A fresh context per step: loaders cache per request, as they would over HTTP.
    const draft = expectSuccess(
      'evaluatePerformanceTarget',
      await evaluatePerformanceTarget(
        createInternalContext(deps, kosme),
        kosme,
        Object.assign(new EvaluatePerformanceTargetInput(), { targetId: String(target.id) }),
      ),
    );
    const finalized = expectSuccess(
      'finalizeTargetEvaluation',
      await finalizeTargetEvaluation(createInternalContext(deps, kb), kb, Object.assign(new FinalizeTargetEvaluationInput(), { id: draft.id })),
    );
    summary.evaluationsFinalized += 1;
    if (finalized.capped) summary.payoutsCapped += 1;
  }

  // The back office pays every outcome payment but the newest two, which stay in its work queue.
  const scheduled: { id: string }[] = await db.query(
    'SELECT id FROM disbursement WHERE kind = $1 AND status = $2 ORDER BY id',
    [DisbursementKind.OUTCOME_PAYMENT, DisbursementStatus.SCHEDULED],
  );
  for (const [index, disbursement] of scheduled.slice(0, -2).entries()) {
    expectSuccess(
      'recordDisbursementPayment',
      await recordDisbursementPayment(
        createInternalContext(deps, kb),
        kb,
        Object.assign(new RecordDisbursementPaymentInput(), {
          id: String(disbursement.id),
          bankReference: `KB-TRX-OUTCOME-${String(index + 1).padStart(4, '0')}`,
          paidAt: new Date(),
          idempotencyKey: `demo-outcome-payment-${disbursement.id}`,
        }),
      ),
    );
    summary.outcomePaymentsPaid += 1;
  }
  return summary;
}

/**
 * The whole demo program into an empty, migrated database: the registry, the
 * call and its recommendations, agreements and activities (seedDemoData), then
 * evaluations, finalized payouts and payments through the services.
 */
export async function loadDemoProgram(db: DataSource, config: Config, logger: ContextDeps['logger']) {
  const data = await seedDemoData(db, config, logger);
  const workflow = await playDemoWorkflow(db, config, logger);
  return { ...data, ...workflow };
}
