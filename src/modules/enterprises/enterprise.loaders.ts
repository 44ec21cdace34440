import { VisibleTable, visibleToAll } from '../../auth/visibility';
import { byIdLoader, defineLoaders } from '../../common/loaders';
import { EnterpriseEntity } from './enterprise.entity';

export const ENTERPRISES: VisibleTable<EnterpriseEntity> = { entity: EnterpriseEntity, scope: visibleToAll, noun: 'enterprise' };

export const enterpriseLoaders = defineLoaders((base) => ({
  byId: byIdLoader(base, ENTERPRISES),
}));
