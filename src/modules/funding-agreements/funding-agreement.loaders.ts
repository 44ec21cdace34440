import DataLoader from 'dataloader';
import { visibleAgreementChildren, visibleAgreements, visibleTable } from '../../auth/visibility';
import { nestedConnectionLoader } from '../../common/connection';
import { byIdLoader, childrenLoader, defineLoaders, LoaderBase } from '../../common/loaders';
import { outcomePaymentsEarned } from '../evaluations/target-evaluation.queries';
import { FundingAgreementEntity } from './funding-agreement.entity';
import { AgreementFilterValues, filterAgreements } from './funding-agreement.queries';
import { PerformanceTargetEntity } from './performance-target.entity';

export const AGREEMENTS = visibleTable(FundingAgreementEntity, visibleAgreements, 'funding agreement');

export const TARGETS = visibleTable(PerformanceTargetEntity, visibleAgreementChildren, 'performance target');

export const agreementLoaders = defineLoaders((base) => ({
  byId: byIdLoader(base, AGREEMENTS),
  targetById: byIdLoader(base, TARGETS),
  targetsByAgreement: childrenLoader(base, TARGETS, 'agreement_id', (target) => target.agreementId),
  /** A figure of the agreement itself, which the caller already sees: never a partial sum that would overstate what is left. */
  outcomePaymentsEarned: new DataLoader<string, bigint>((agreementIds) => outcomePaymentsEarned(base.db.manager, agreementIds)),
  /** Agency.fundedAgreements. */
  byFunder: agreementsByParentLoader(base, 'funder_id'),
  /** Enterprise.fundingAgreements. */
  byRecipient: agreementsByParentLoader(base, 'recipient_id'),
  /** Program.agreements, with the agreement filter (its ids decoded). */
  byProgram: agreementsByParentLoader(base, 'program_id'),
}));

/** Agreements per funder, recipient or program, as nested connections (a page of each parent in one statement). */
function agreementsByParentLoader(base: LoaderBase, parentColumn: 'funder_id' | 'recipient_id' | 'program_id') {
  return nestedConnectionLoader<FundingAgreementEntity, AgreementFilterValues>(
    (filter) => filterAgreements(visibleAgreements(base.db.getRepository(FundingAgreementEntity).createQueryBuilder('a'), 'a', base.principal), 'a', filter),
    `a.${parentColumn}`,
    base.maxPageSize,
  );
}
