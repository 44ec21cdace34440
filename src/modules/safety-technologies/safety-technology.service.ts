import { Role } from '../../auth/roles';
import { visibleRows } from '../../auth/visibility';
import { findVisibleForUpdate } from '../../auth/write-access';
import { BY_ID, ConnectionResult, ListArgs, paginate } from '../../common/connection';
import { encodeGlobalId } from '../../common/global-id';
import { LIST_LIMITS } from '../../common/list-limits';
import { refuse, refuseAny } from '../../common/user-error';
import { validateInput } from '../../common/validation';
import type { Context } from '../../context';
import { type MutationService, runMutation } from '../../db/mutation';
import { ENTERPRISES } from '../enterprises/enterprise.loaders';
import { SafetyTechnologyEntity } from './safety-technology.entity';
import { technologyErrors } from './safety-technology.errors';
import { RegisterSafetyTechnologyInput, SafetyTechnologyFilter } from './safety-technology.inputs';
import { TECHNOLOGIES } from './safety-technology.loaders';

/** The directory in registration order; the filter's providerId is a database id. */
export function listSafetyTechnologies(ctx: Context, args: ListArgs<SafetyTechnologyFilter>): Promise<ConnectionResult<SafetyTechnologyEntity>> {
  const filter = args.filter ?? {};
  const qb = visibleRows(ctx.db, TECHNOLOGIES, 't', ctx.principal);
  if (filter.category?.length) qb.andWhere('t.category IN (:...categories)', { categories: filter.category });
  // Array overlap, so that the GIN index on hazards answers it.
  if (filter.hazard?.length) qb.andWhere('t.hazards && CAST(:hazards AS text[])', { hazards: filter.hazard });
  if (filter.providerId) qb.andWhere('t.provider_id = :providerId', { providerId: filter.providerId });
  return paginate(qb, args, BY_ID, ctx.config.maxPageSize);
}

/** R3. Enterprise users register technologies of their own enterprise only; officers of the agency for any provider. */
export const registerSafetyTechnology: MutationService<RegisterSafetyTechnologyInput, SafetyTechnologyEntity> = (ctx, principal, input) => {
  if (principal.role === Role.ENTERPRISE && principal.enterprise!.id !== input.providerId) throw technologyErrors.notOwnEnterprise();
  return runMutation(ctx, principal, 'registerSafetyTechnology', async (em) => {
    refuseAny(await validateInput(input));
    // The provider's row is locked, so that concurrent registrations cannot pass the bound together.
    await findVisibleForUpdate(em, principal, ENTERPRISES, input.providerId, ['input', 'providerId']);
    if ((await em.countBy(SafetyTechnologyEntity, { providerId: input.providerId })) >= LIST_LIMITS.technologiesPerEnterprise) {
      refuse(technologyErrors.tooMany());
    }
    const saved = await em.save(
      em.create(SafetyTechnologyEntity, {
        providerId: input.providerId,
        name: input.name,
        category: input.category,
        hazards: input.hazards,
        description: input.description ?? null,
        readinessLevel: input.readinessLevel,
        certification: input.certification ?? null,
      }),
    );
    const entityId = encodeGlobalId('SafetyTechnology', saved.id);
    const changes = { ...input, providerId: encodeGlobalId('Enterprise', input.providerId) };
    return { value: saved, audit: { entityType: 'SafetyTechnology', entityId, changes } };
  });
};
