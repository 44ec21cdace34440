import DataLoader from 'dataloader';
import { visiblePrograms, visibleTable } from '../../auth/visibility';
import { byIdLoader, defineLoaders } from '../../common/loaders';
import { ProgramEntity } from './program.entity';
import { budgetCommitted } from './program.queries';

export const PROGRAMS = visibleTable(ProgramEntity, visiblePrograms, 'program');

export const programLoaders = defineLoaders((base) => ({
  byId: byIdLoader(base, PROGRAMS),
  /** R15: a figure of the program itself, over all its agreements, whoever reads it. */
  budgetCommitted: new DataLoader<string, bigint>((programIds) => budgetCommitted(base.db.manager, programIds)),
}));
