import { EntityManager } from 'typeorm';
import { visibleToAll } from '../../auth/visibility';
import { ConnectionResult, Ordering, PageArgs, paginate, SortDirection } from '../../common/connection';
import { encodeGlobalId } from '../../common/global-id';
import { UserError, UserErrorCode, UserErrors } from '../../common/user-error';
import { validateInput } from '../../common/validation';
import type { Context } from '../../context';
import { MutationOutcome, runMutation } from '../../db/mutation';
import { decodeId } from '../../common/ids';
import { parseBrn } from './brn';
import { EnterpriseEntity } from './enterprise.entity';
import {
  EnterpriseFilter,
  EnterpriseOrder,
  EnterpriseOrderField,
  RegisterEnterpriseInput,
  UpdateEnterpriseInput,
} from './enterprise.inputs';

/** R2: a KSIC section letter A-U optionally followed by 2-5 digits, or 2-5 digits. */
const KSIC_CODE = /^([A-U]([0-9]{2,5})?|[0-9]{2,5})$/;

const ORDERINGS: Record<EnterpriseOrderField, Omit<Ordering<EnterpriseEntity>, 'direction'>> = {
  [EnterpriseOrderField.NAME]: { name: 'name', column: 'e.name', value: (e) => e.name },
  [EnterpriseOrderField.CREATED_AT]: { name: 'createdAt', column: 'e.created_at', value: (e) => e.createdAt },
  [EnterpriseOrderField.EMPLOYEE_COUNT]: { name: 'employeeCount', column: 'e.employee_count', value: (e) => e.employeeCount },
};

const DUPLICATES = {
  enterprise_business_registration_number_key: {
    field: ['input', 'businessRegistrationNumber'],
    message: 'An enterprise with this business registration number is already registered',
  },
};

export function listEnterprises(
  ctx: Context,
  args: PageArgs & { filter?: EnterpriseFilter | null; orderBy?: EnterpriseOrder | null },
): Promise<ConnectionResult<EnterpriseEntity>> {
  const qb = ctx.db.getRepository(EnterpriseEntity).createQueryBuilder('e');
  visibleToAll(qb, 'e', ctx.principal);
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
  if (code == null || KSIC_CODE.test(code)) return [];
  return [
    {
      code: UserErrorCode.INVALID_INPUT,
      field: ['input', 'industryCode'],
      message: 'industryCode must be a KSIC code: a section letter A-U optionally followed by 2-5 digits (e.g. C25), or 2-5 digits (e.g. 25112)',
    },
  ];
}

export async function registerEnterprise(
  ctx: Context,
  input: RegisterEnterpriseInput,
): Promise<MutationOutcome<EnterpriseEntity>> {
  const brn = parseBrn(input.businessRegistrationNumber);
  const errors = [...(await validateInput(input)), ...checkIndustryCode(input.industryCode)];
  if (!brn) {
    errors.push({
      code: UserErrorCode.INVALID_INPUT,
      field: ['input', 'businessRegistrationNumber'],
      message: 'businessRegistrationNumber must be 10 digits (000-00-00000) with a valid check digit',
    });
  }
  if (errors.length) return { value: null, userErrors: errors };
  return runMutation(
    ctx,
    'registerEnterprise',
    async (em) => {
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
    },
    DUPLICATES,
  );
}

export async function updateEnterprise(
  ctx: Context,
  input: UpdateEnterpriseInput,
): Promise<MutationOutcome<EnterpriseEntity>> {
  const id = decodeId(input.id, 'Enterprise', 'input.id');
  const errors = [...(await validateInput(input)), ...checkIndustryCode(input.industryCode)];
  if (errors.length) return { value: null, userErrors: errors };
  return runMutation(ctx, 'updateEnterprise', async (em: EntityManager) => {
    const enterprise = await em.findOne(EnterpriseEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!enterprise) {
      throw new UserErrors([{ code: UserErrorCode.NOT_FOUND, field: ['input', 'id'], message: 'No enterprise has this id' }]);
    }
    const changes: Record<string, { from: unknown; to: unknown }> = {};
    for (const key of ['name', 'size', 'industryCode', 'region', 'employeeCount'] as const) {
      const next = input[key];
      if (next != null && next !== enterprise[key]) {
        changes[key] = { from: enterprise[key], to: next };
        (enterprise[key] as unknown) = next;
      }
    }
    const saved = await em.save(enterprise);
    return { value: saved, audit: { entityType: 'Enterprise', entityId: input.id, changes } };
  });
}
