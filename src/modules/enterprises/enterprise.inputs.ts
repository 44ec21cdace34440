import { ArgsType, Field, InputType } from 'type-graphql';
import { SortDirection } from '../../common/connection';
import { filteredPageArgs } from '../../common/page-args';
import { EnterpriseSize, Region } from '../../common/enums';
import { defineEnum, type EnumValue } from '../../common/define-enum';
import { IdField, IntField, TextField } from '../../common/input-fields';

export const EnterpriseOrderField = defineEnum('EnterpriseOrderField', 'What enterprises can be sorted by.', [
  'NAME', 'CREATED_AT', 'EMPLOYEE_COUNT',
]);
export type EnterpriseOrderField = EnumValue<typeof EnterpriseOrderField>;

@InputType({ description: 'Order of an enterprise list; ties are broken by id.' })
export class EnterpriseOrder {
  @Field(() => EnterpriseOrderField, { description: 'Sort key.' }) field!: EnterpriseOrderField;
  @Field(() => SortDirection, { description: 'Sort direction.' }) direction!: SortDirection;
}

@InputType({ description: 'Narrows an enterprise list; all given conditions must hold.' })
export class EnterpriseFilter {
  @Field(() => [Region], { nullable: true, description: 'Any of these regions.' }) region?: Region[] | null;
  @Field(() => [EnterpriseSize], { nullable: true, description: 'Any of these sizes.' }) size?: EnterpriseSize[] | null;
  @Field(() => String, { nullable: true, description: 'Matches industry codes that start with this prefix.' })
  industryCodePrefix?: string | null;
  @Field(() => Boolean, { nullable: true, description: 'true: only enterprises that own at least one safety technology.' })
  isTechnologyProvider?: boolean | null;
  @Field(() => String, { nullable: true, description: 'Case-insensitive substring of the name, or an exact business registration number.' })
  search?: string | null;
}

/** R2: name non-empty (at most 200 characters), employeeCount at least 1. KSIC and BRN checks are in the service. */
@InputType({ description: 'A new enterprise (R1, R2).' })
export class RegisterEnterpriseInput {
  @Field({ description: 'Ten digits, with or without dashes (000-00-00000); check digit must be valid.' })
  businessRegistrationNumber!: string;
  @TextField({ min: 1, max: 200, description: 'Registered name' }) name!: string;
  @Field(() => EnterpriseSize, { description: 'Size class.' }) size!: EnterpriseSize;
  @Field({ description: 'KSIC code: a section letter A-U optionally followed by 2-5 digits, or 2-5 digits.' })
  industryCode!: string;
  @Field(() => Region, { description: 'Region of the main worksite.' }) region!: Region;
  @IntField({ min: 1, cap: 10_000_000, description: 'Number of employees' }) employeeCount!: number;
}

@InputType({ description: 'Changes to an enterprise; omitted fields stay as they are.' })
export class UpdateEnterpriseInput {
  @IdField('Enterprise', { description: 'The enterprise.' }) id!: string;
  @TextField({ min: 1, max: 200, nullable: true, description: 'New name' }) name?: string;
  @Field(() => EnterpriseSize, { nullable: true, description: 'New size class.' }) size?: EnterpriseSize;
  @Field(() => String, { nullable: true, description: 'New KSIC code, in the form registerEnterprise takes.' }) industryCode?: string;
  @Field(() => Region, { nullable: true, description: 'New region.' }) region?: Region;
  @IntField({ min: 1, cap: 10_000_000, nullable: true, description: 'New number of employees' }) employeeCount?: number;
}

/** The arguments of Query.enterprises: a page, the filter and the order. */
@ArgsType()
export class EnterpriseListArgs extends filteredPageArgs(EnterpriseFilter) {
  @Field(() => EnterpriseOrder, { nullable: true }) orderBy?: EnterpriseOrder | null;
}
