import DataLoader from 'dataloader';
import { visibleMatches, visibleSupportRequests, visibleTable } from '../../auth/visibility';
import { nestedConnectionLoader } from '../../common/connection';
import { byIdLoader, childrenLoader, defineLoaders } from '../../common/loaders';
import { suggestionsFor, MatchSuggestionRow } from './suggestions.queries';
import { SupportRequestEntity } from './support-request.entity';
import { SupplierMatchEntity, WorksiteAssessmentEntity } from './supplier-match.entity';

export const REQUESTS = visibleTable(SupportRequestEntity, visibleSupportRequests, 'support request');

export const MATCHES = visibleTable(SupplierMatchEntity, visibleMatches, 'supplier match');

export const matchingLoaders = defineLoaders((base) => ({
  requestById: byIdLoader(base, REQUESTS),
  matchById: byIdLoader(base, MATCHES),
  /** Enterprise.supportRequests. */
  requestsByBeneficiary: childrenLoader(base, REQUESTS, 'beneficiary_id', (request) => request.beneficiaryId),
  /** SupportRequest.matches. */
  matchesByRequest: childrenLoader(base, MATCHES, 'request_id', (match) => match.requestId),
  /** FundingAgreement.matches: a page of each agreement's matches, optionally of some statuses, in one statement. */
  matchesByAgreement: nestedConnectionLoader<SupplierMatchEntity, { status?: string[] | null }>(
    (filter) => {
      const qb = visibleMatches(base.db.getRepository(SupplierMatchEntity).createQueryBuilder('m'), 'm', base.principal);
      return filter?.status?.length ? qb.andWhere('m.status IN (:...matchStatuses)', { matchStatuses: filter.status }) : qb;
    },
    'm.agreement_id',
    base.maxPageSize,
  ),
  /** A match's assessments (both phases), which the match's visibility covers. */
  assessmentsByMatch: new DataLoader<string, WorksiteAssessmentEntity[]>(async (matchIds) => {
    const rows = await base.db.getRepository(WorksiteAssessmentEntity).createQueryBuilder('w').where('w.match_id = ANY(CAST(:matchIds AS bigint[]))', { matchIds }).getMany();
    return matchIds.map((id) => rows.filter((row) => row.matchId === id));
  }),
  /** R23: the ids of the matches each evaluation counted, ascending. */
  matchIdsByEvaluation: new DataLoader<string, string[]>(async (evaluationIds) => {
    const rows: { evaluation_id: string; match_id: string }[] = await base.db.query(
      'SELECT evaluation_id, match_id FROM evaluation_match WHERE evaluation_id = ANY($1::bigint[]) ORDER BY match_id',
      [evaluationIds],
    );
    return evaluationIds.map((id) => rows.filter((row) => String(row.evaluation_id) === id).map((row) => String(row.match_id)));
  }),
  /** R20: the first N suggestions of each request, in one statement per page size. */
  suggestions: new DataLoader<{ requestId: string; first: number }, MatchSuggestionRow[], string>(
    async (keys) => {
      const byFirst = new Map<number, string[]>();
      for (const key of keys) byFirst.set(key.first, [...(byFirst.get(key.first) ?? []), key.requestId]);
      const rows = new Map<string, MatchSuggestionRow[]>();
      for (const [first, requestIds] of byFirst) {
        for (const row of await suggestionsFor(base.db.manager, requestIds, first)) {
          rows.set(`${row.requestId}:${first}`, [...(rows.get(`${row.requestId}:${first}`) ?? []), row]);
        }
      }
      return keys.map((key) => rows.get(`${key.requestId}:${key.first}`) ?? []);
    },
    { cacheKeyFn: (key) => `${key.requestId}:${key.first}` },
  ),
}));
