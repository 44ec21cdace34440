import { Role } from '../../auth/roles';
import { visibleToAll } from '../../auth/visibility';
import { ConnectionResult, PageArgs, paginate, SortDirection } from '../../common/connection';
import { forbidden } from '../../common/errors';
import { encodeGlobalId } from '../../common/global-id';
import { decodeId, decodeOptionalId } from '../../common/ids';
import { userError, UserErrorCode, UserErrors } from '../../common/user-error';
import { validateInput } from '../../common/validation';
import type { Context } from '../../context';
import { MutationOutcome, runMutation } from '../../db/mutation';
import { EnterpriseEntity } from '../enterprises/enterprise.entity';
import { SafetyTechnologyEntity } from './safety-technology.entity';
import { RegisterSafetyTechnologyInput, SafetyTechnologyFilter } from './safety-technology.inputs';

export function listSafetyTechnologies(
  ctx: Context,
  args: PageArgs & { filter?: SafetyTechnologyFilter | null },
): Promise<ConnectionResult<SafetyTechnologyEntity>> {
  const filter = args.filter ?? {};
  const providerId = decodeOptionalId(filter.providerId, 'Enterprise', 'filter.providerId');
  const qb = visibleToAll(ctx.db.getRepository(SafetyTechnologyEntity).createQueryBuilder('t'), 't', ctx.principal);
  if (filter.category?.length) qb.andWhere('t.category IN (:...categories)', { categories: filter.category });
  // Array overlap, so that the GIN index on hazards answers it.
  if (filter.hazard?.length) qb.andWhere('t.hazards && CAST(:hazards AS text[])', { hazards: filter.hazard });
  if (providerId) qb.andWhere('t.provider_id = :providerId', { providerId });
  return paginate(qb, args, { name: 'id', column: null, direction: SortDirection.ASC }, ctx.config.maxPageSize);
}

/** R3. Enterprise users register technologies of their own enterprise only; officers of the agency for any provider. */
export async function registerSafetyTechnology(
  ctx: Context,
  input: RegisterSafetyTechnologyInput,
): Promise<MutationOutcome<SafetyTechnologyEntity>> {
  const providerId = decodeId(input.providerId, 'Enterprise', 'input.providerId');
  if (ctx.principal!.role === Role.ENTERPRISE && ctx.principal!.enterprise!.id !== providerId) {
    throw forbidden('An enterprise user may register technologies of its own enterprise only');
  }
  const errors = await validateInput(input);
  if (errors.length) return { value: null, userErrors: errors };
  return runMutation(ctx, 'registerSafetyTechnology', async (em) => {
    if (!(await em.existsBy(EnterpriseEntity, { id: providerId }))) {
      throw new UserErrors([userError(UserErrorCode.NOT_FOUND, ['input', 'providerId'], 'No enterprise has this id')]);
    }
    const saved = await em.save(
      em.create(SafetyTechnologyEntity, {
        providerId,
        name: input.name,
        category: input.category,
        hazards: input.hazards,
        description: input.description ?? null,
        readinessLevel: input.readinessLevel,
        certification: input.certification ?? null,
      }),
    );
    const entityId = encodeGlobalId('SafetyTechnology', saved.id);
    return { value: saved, audit: { entityType: 'SafetyTechnology', entityId, changes: { ...input } } };
  });
}
