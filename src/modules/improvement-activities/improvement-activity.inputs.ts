import { Field, ID, InputType, registerEnumType } from 'type-graphql';
import { SortDirection } from '../../common/connection';
import { ActivityKind, ActivityStatus, HazardType, Region } from '../../common/enums';
import { DateScalar } from '../../common/scalars';

export enum ActivityOrderField {
  COMPLETED_ON = 'COMPLETED_ON',
  CREATED_AT = 'CREATED_AT',
  WORKERS_COVERED = 'WORKERS_COVERED',
}
registerEnumType(ActivityOrderField, { name: 'ActivityOrderField', description: 'What improvement activities can be sorted by.' });

@InputType({ description: 'Order of an improvement activity list; ties are broken by id.' })
export class ImprovementActivityOrder {
  @Field(() => ActivityOrderField, { description: 'Sort key.' }) field!: ActivityOrderField;
  @Field(() => SortDirection, { description: 'Sort direction.' }) direction!: SortDirection;
}

@InputType({ description: 'Narrows an improvement activity list; all given conditions must hold.' })
export class ImprovementActivityFilter {
  @Field(() => [ActivityStatus], { nullable: true, description: 'Any of these statuses.' }) status?: ActivityStatus[] | null;
  @Field(() => ID, { nullable: true, description: 'Only activities under this funding agreement.' }) agreementId?: string | null;
  @Field(() => ID, { nullable: true, description: 'Only activities this enterprise carried out.' }) providerId?: string | null;
  @Field(() => ID, { nullable: true, description: 'Only activities at this enterprise.' }) beneficiaryId?: string | null;
  @Field(() => [Region], { nullable: true, description: 'Only activities at beneficiaries in any of these regions.' })
  beneficiaryRegion?: Region[] | null;
  @Field(() => [HazardType], { nullable: true, description: 'Only activities that addressed any of these hazards.' })
  hazard?: HazardType[] | null;
  @Field(() => [ActivityKind], { nullable: true, description: 'Any of these kinds.' }) kind?: ActivityKind[] | null;
  @Field(() => DateScalar, { nullable: true, description: 'Only activities completed on or after this day.' })
  completedFrom?: string | null;
  @Field(() => DateScalar, { nullable: true, description: 'Only activities completed on or before this day.' })
  completedTo?: string | null;
}
