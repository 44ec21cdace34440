import { ArgsType, Field, InputType } from 'type-graphql';
import { HazardType, SafetyTechCategory } from '../../common/enums';
import { filteredPageArgs } from '../../common/page-args';
import { IdField, IntField, ListField, TextField } from '../../common/input-fields';

@InputType({ description: 'Narrows a safety-technology list; all given conditions must hold.' })
export class SafetyTechnologyFilter {
  @Field(() => [SafetyTechCategory], { nullable: true, description: 'Any of these categories.' })
  category?: SafetyTechCategory[] | null;
  @Field(() => [HazardType], { nullable: true, description: 'Technologies that address any of these hazards.' })
  hazard?: HazardType[] | null;
  @IdField('Enterprise', { nullable: true, description: 'Only the technologies of this provider enterprise.' })
  providerId?: string | null;
}

/** R3: readinessLevel 1-9, at least one hazard. The provider's existence and the caller's right to it are checked in the service. */
@InputType({ description: 'A new safety technology of a provider enterprise (R3).' })
export class RegisterSafetyTechnologyInput {
  @IdField('Enterprise', { description: 'The enterprise that owns and markets the technology.' }) providerId!: string;
  @TextField({ min: 1, max: 200, description: 'Product name' }) name!: string;
  @Field(() => SafetyTechCategory, { description: 'Category of the technology.' }) category!: SafetyTechCategory;
  @ListField(() => [HazardType], { of: 'hazard', min: 1, unique: true, description: 'Kinds of accident the technology prevents' }) hazards!: HazardType[];
  @TextField({ max: 2000, nullable: true, description: 'What the technology does' }) description?: string | null;
  @IntField({ min: 1, max: 9, description: 'Technology readiness level' }) readinessLevel!: number;
  @TextField({ max: 200, nullable: true, description: 'Certification held' }) certification?: string | null;
}

/** The arguments of Query.safetyTechnologies: a page and the filter. */
@ArgsType()
export class SafetyTechnologyListArgs extends filteredPageArgs(SafetyTechnologyFilter, 'Narrows the list; omitted: every technology.') {}
