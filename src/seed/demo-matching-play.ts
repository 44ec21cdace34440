import { Principal, Role } from '../auth/roles';
import { AssessmentPhase, HazardType, MatchSide, Region } from '../common/enums';
import { ContextDeps, createInternalContext } from '../context';
import {
  CancelSupplierMatchInput,
  ProposeSupplierMatchInput,
  RecordWorksiteAssessmentInput,
  RespondToSupplierMatchInput,
  SubmitSupportRequestInput,
  WithdrawSupportRequestInput,
} from '../modules/matching/matching.inputs';
import { suggestionsFor } from '../modules/matching/suggestions.queries';
import { cancelSupplierMatch, proposeSupplierMatch, recordWorksiteAssessment, respondToSupplierMatch } from '../modules/matching/supplier-match.service';
import { submitSupportRequest, withdrawSupportRequest } from '../modules/matching/support-request.service';
import { expectSuccess, officer } from './demo-call';
import { beneficiarySubject, MATCHING_OFFICER, MatchingBeneficiary, MatchingPlan, StoryRequest, supplierSubject } from './demo-matches';
import { isoDate } from './demo-random';

export interface DemoMatchingSummary {
  supportRequestsSubmitted: number;
  matchesProposed: number;
  matchAnswers: number;
  matchesCancelled: number;
  supportRequestsWithdrawn: number;
  assessmentsRecorded: number;
}

const input = <T extends object>(type: new () => T, fields: Partial<T>): T => Object.assign(new type(), fields);

function enterpriseUser(subject: string, enterprise: { id: string; brn: string }): Principal {
  return { subject, role: Role.ENTERPRISE, agency: null, enterprise: { id: enterprise.id, businessRegistrationNumber: enterprise.brn } };
}

const beneficiaryUser = (beneficiary: MatchingBeneficiary) => enterpriseUser(beneficiarySubject(beneficiary.brn), beneficiary);

/**
 * Phase 4 of the demo program: the matching story of demo-matches.ts played
 * through the services, each step in an internal context that replays its
 * instant, so that every row and audit event carries the day it happened.
 * A proposal takes the best of the request's match suggestions (R20) as
 * they stand then, among the agreements already active at that instant and
 * not yet proposed for the request.
 */
export async function playDemoMatching(deps: ContextDeps, plan: MatchingPlan, programId: string): Promise<DemoMatchingSummary> {
  const { db } = deps;
  const kosme = await officer(db, Role.AGENCY_OFFICER, 'KOSME', MATCHING_OFFICER);
  const inspectors = new Map<string, Principal>();
  const inspector = async (subject: string) => {
    if (!inspectors.has(subject)) inspectors.set(subject, await officer(db, Role.AGENCY_OFFICER, 'KOSME', subject));
    return inspectors.get(subject)!;
  };
  const agreements = new Map(
    (
      (await db.query(
        `SELECT a.id, a.activated_at, e.id AS supplier_id, e.business_registration_number AS brn
           FROM funding_agreement a JOIN enterprise e ON e.id = a.recipient_id WHERE a.program_id = $1`,
        [programId],
      )) as { id: string; activated_at: Date | null; supplier_id: string; brn: string }[]
    ).map((row) => [String(row.id), { activatedAt: row.activated_at, supplier: { id: String(row.supplier_id), brn: row.brn } }]),
  );
  const proposedFor = new Map<StoryRequest, Set<string>>();
  const summary: DemoMatchingSummary = {
    supportRequestsSubmitted: 0,
    matchesProposed: 0,
    matchAnswers: 0,
    matchesCancelled: 0,
    supportRequestsWithdrawn: 0,
    assessmentsRecorded: 0,
  };

  for (const step of plan.story) {
    const at = new Date(step.at);
    switch (step.kind) {
      case 'submit': {
        const { request } = step;
        const who = step.bySelf ? beneficiaryUser(request.beneficiary) : kosme;
        const saved = await submitSupportRequest(
          createInternalContext(deps, who, { at }),
          who,
          input(SubmitSupportRequestInput, {
            programId,
            beneficiaryId: request.beneficiary.id,
            worksiteName: request.worksiteName,
            worksiteRegion: request.region as Region,
            workersAtWorksite: request.workers,
            hazards: request.hazards as HazardType[],
            needs: request.needs,
          }),
        );
        request.id = expectSuccess('submitSupportRequest', saved).id;
        summary.supportRequestsSubmitted += 1;
        break;
      }
      case 'propose': {
        const { request, match } = step;
        const proposed = proposedFor.get(request) ?? new Set<string>();
        const eligible = (s: { agreementId: string }) => !proposed.has(s.agreementId) && (agreements.get(s.agreementId)?.activatedAt?.getTime() ?? Infinity) < at.getTime();
        const best = (await suggestionsFor(db.manager, [request.id], 5)).find(eligible) ?? (await suggestionsFor(db.manager, [request.id], 50)).find(eligible);
        if (!best) throw new Error(`demo matching: no suggestion to propose for "${request.worksiteName}"`);
        const saved = await proposeSupplierMatch(
          createInternalContext(deps, kosme, { at }),
          kosme,
          input(ProposeSupplierMatchInput, { requestId: request.id, agreementId: best.agreementId }),
        );
        match.id = expectSuccess('proposeSupplierMatch', saved).id;
        match.agreementId = best.agreementId;
        match.supplier = agreements.get(best.agreementId)!.supplier;
        proposed.add(best.agreementId);
        proposedFor.set(request, proposed);
        summary.matchesProposed += 1;
        break;
      }
      case 'answer': {
        const { match } = step;
        const who =
          step.side === 'SUPPLIER' ? enterpriseUser(supplierSubject(match.supplier!.brn), match.supplier!) : step.byOfficer ? kosme : beneficiaryUser(match.request.beneficiary);
        const onBehalf = who === kosme ? { onBehalfOf: step.side === 'SUPPLIER' ? MatchSide.SUPPLIER : MatchSide.BENEFICIARY, answeredOn: isoDate(step.answeredOn) } : {};
        expectSuccess(
          'respondToSupplierMatch',
          await respondToSupplierMatch(
            createInternalContext(deps, who, { at }),
            who,
            input(RespondToSupplierMatchInput, { id: match.id, accept: step.accept, reason: step.reason, ...onBehalf }),
          ),
        );
        summary.matchAnswers += 1;
        break;
      }
      case 'cancel':
        expectSuccess(
          'cancelSupplierMatch',
          await cancelSupplierMatch(createInternalContext(deps, kosme, { at }), kosme, input(CancelSupplierMatchInput, { id: step.match.id, reason: step.reason })),
        );
        summary.matchesCancelled += 1;
        break;
      case 'withdraw': {
        const who = beneficiaryUser(step.request.beneficiary);
        expectSuccess(
          'withdrawSupportRequest',
          await withdrawSupportRequest(createInternalContext(deps, who, { at }), who, input(WithdrawSupportRequestInput, { id: step.request.id, reason: step.reason })),
        );
        summary.supportRequestsWithdrawn += 1;
        break;
      }
      case 'assess': {
        const { assessment } = step;
        const who = await inspector(assessment.subject);
        expectSuccess(
          'recordWorksiteAssessment',
          await recordWorksiteAssessment(
            createInternalContext(deps, who, { at }),
            who,
            input(RecordWorksiteAssessmentInput, {
              matchId: step.match.id,
              phase: assessment.phase === 'BASELINE' ? AssessmentPhase.BASELINE : AssessmentPhase.FOLLOW_UP,
              riskLevel: assessment.riskLevel,
              assessedOn: isoDate(assessment.assessedOn),
              note: assessment.note,
            }),
          ),
        );
        summary.assessmentsRecorded += 1;
        break;
      }
    }
  }
  return summary;
}
