import { visibleRows } from '../../auth/visibility';
import { findVisibleForUpdate } from '../../auth/write-access';
import { ConnectionResult, ListArgs, Ordering, paginate, SortDirection } from '../../common/connection';
import { encodeGlobalId } from '../../common/global-id';
import { refuseAny, UserError } from '../../common/user-error';
import { validateInput } from '../../common/validation';
import type { Context } from '../../context';
import { type MutationService, runMutation } from '../../db/mutation';
import { parseBrn } from './brn';
import { EnterpriseEntity } from './enterprise.entity';
import { ENTERPRISE_DUPLICATES, enterpriseErrors } from './enterprise.errors';
import {
  EnterpriseFilter,
  EnterpriseOrder,
  EnterpriseOrderField,
  RegisterEnterpriseInput,
  UpdateEnterpriseInput,
} from './enterprise.inputs';
import { ENTERPRISES } from './enterprise.loaders';

/** R2: a KSIC section letter A-U optionally followed by 2-5 digits, or 2-5 digits. */
const KSIC_CODE = /^([A-U]([0-9]{2,5})?|[0-9]{2,5})$/;

const ORDERINGS: Record<EnterpriseOrderField, Omit<Ordering<EnterpriseEntity>, 'direction'>> = {
  [EnterpriseOrderField.NAME]: { name: 'name', column: 'e.name', value: (e) => e.name },
  [EnterpriseOrderField.CREATED_AT]: { name: 'createdAt', column: 'e.created_at', value: (e) => e.createdAt },
  [EnterpriseOrderField.EMPLOYEE_COUNT]: { name: 'employeeCount', column: 'e.employee_count', value: (e) => e.employeeCount },
};

export function listEnterprises(
  ctx: Context,
  args: ListArgs<EnterpriseFilter> & { orderBy?: EnterpriseOrder | null },
): Promise<ConnectionResult<EnterpriseEntity>> {
  const qb = visibleRows(ctx.db, ENTERPRISES, 'e', ctx.principal);
  const filter = args.filter ?? {};
  if (filter.region?.length) qb.andWhere('e.region IN (:...regions)', { regions: filter.region });
  if (filter.size?.length) qb.andWhere('e.size IN (:...sizes)', { sizes: filter.size });
  if (filter.industryCodePrefix) {
    qb.andWhere('e.industry_code LIKE :industryPrefix', { industryPrefix: `${escapeLike(filter.industryCodePrefix)}%` });
  }
  if (filter.isTechnologyProvider != null) {
    const exists = 'EXISTS (SELECT 1 FROM safety_technology t WHERE t.provider_id = e.id)';
    qb.andWhere(filter.isTechnologyProvider ? exists : `NOT ${exists}`);
  }
  if (filter.search) {
    const brn = parseBrn(filter.search);
    if (brn) qb.andWhere('e.business_registration_number = :brn', { brn });
    else qb.andWhere('e.name ILIKE :namePattern', { namePattern: `%${escapeLike(filter.search)}%` });
  }
  const order = args.orderBy ?? { field: EnterpriseOrderField.NAME, direction: SortDirection.ASC };
  return paginate(qb, args, { ...ORDERINGS[order.field], direction: order.direction }, ctx.config.maxPageSize);
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

function checkIndustryCode(code: string | undefined | null): UserError[] {
  return code == null || KSIC_CODE.test(code) ? [] : [enterpriseErrors.invalidIndustryCode()];
}

/** R1, R2. */
export const registerEnterprise: MutationService<RegisterEnterpriseInput, EnterpriseEntity> = (ctx, principal, input) => {
  return runMutation(ctx, principal, 'registerEnterprise', async (em) => {
    const brn = parseBrn(input.businessRegistrationNumber);
    refuseAny([...(await validateInput(input)), ...checkIndustryCode(input.industryCode), ...(brn ? [] : [enterpriseErrors.invalidBrn()])]);
    const saved = await em.save(
      em.create(EnterpriseEntity, {
        businessRegistrationNumber: brn!,
        name: input.name,
        size: input.size,
        industryCode: input.industryCode,
        region: input.region,
        employeeCount: input.employeeCount,
      }),
    );
    const changes = { ...input, businessRegistrationNumber: brn };
    return { value: saved, audit: { entityType: 'Enterprise', entityId: encodeGlobalId('Enterprise', saved.id), changes } };
  }, ENTERPRISE_DUPLICATES);
};

/** R2: the given fields change; the audit event lists each change from and to. */
export const updateEnterprise: MutationService<UpdateEnterpriseInput, EnterpriseEntity> = (ctx, principal, input) => {
  return runMutation(ctx, principal, 'updateEnterprise', async (em) => {
    refuseAny([...(await validateInput(input)), ...checkIndustryCode(input.industryCode)]);
    const enterprise = await findVisibleForUpdate(em, principal, ENTERPRISES, input.id, ['input', 'id']);
    const changes: Record<string, { from: unknown; to: unknown }> = {};
    for (const key of ['name', 'size', 'industryCode', 'region', 'employeeCount'] as const) {
      const next = input[key];
      if (next != null && next !== enterprise[key]) {
        changes[key] = { from: enterprise[key], to: next };
        (enterprise[key] as unknown) = next;
      }
    }
    const saved = await em.save(enterprise);
    return { value: saved, audit: { entityType: 'Enterprise', entityId: encodeGlobalId('Enterprise', saved.id), changes } };
  });
};
