import { ArrayMinSize, ArrayUnique, IsInt, IsOptional, Max, Min } from 'class-validator';
import { TextLength, MaxTextLength } from '../../common/validation';
import { ArgsType, Field, ID, InputType, Int } from 'type-graphql';
import { HazardType, SafetyTechCategory } from '../../common/enums';
import { filteredPageArgs } from '../../common/page-args';

@InputType({ description: 'Narrows a safety-technology list; all given conditions must hold.' })
export class SafetyTechnologyFilter {
  @Field(() => [SafetyTechCategory], { nullable: true, description: 'Any of these categories.' })
  category?: SafetyTechCategory[] | null;
  @Field(() => [HazardType], { nullable: true, description: 'Technologies that address any of these hazards.' })
  hazard?: HazardType[] | null;
  @Field(() => ID, { nullable: true, description: 'Only the technologies of this provider enterprise.' })
  providerId?: string | null;
}

/** R3: readinessLevel 1-9, at least one hazard. The provider's existence and the caller's right to it are checked in the service. */
@InputType({ description: 'A new safety technology of a provider enterprise (R3).' })
export class RegisterSafetyTechnologyInput {
  @Field(() => ID, { description: 'The enterprise that owns and markets the technology.' }) providerId!: string;
  @Field({ description: 'Product name, 1 to 200 characters.' })
  @TextLength(1, 200)
  name!: string;
  @Field(() => SafetyTechCategory, { description: 'Category of the technology.' }) category!: SafetyTechCategory;
  @Field(() => [HazardType], { description: 'Kinds of accident the technology prevents: at least one, each once.' })
  @ArrayMinSize(1, { message: 'hazards must name at least one hazard' })
  @ArrayUnique({ message: 'hazards must not repeat a hazard' })
  hazards!: HazardType[];
  @Field(() => String, { nullable: true, description: 'What the technology does, at most 2000 characters.' })
  @IsOptional()
  @MaxTextLength(2000)
  description?: string | null;
  @Field(() => Int, { description: 'Technology readiness level, 1 to 9.' })
  @IsInt()
  @Min(1, { message: 'readinessLevel must be between 1 and 9' })
  @Max(9, { message: 'readinessLevel must be between 1 and 9' })
  readinessLevel!: number;
  @Field(() => String, { nullable: true, description: 'Certification held, at most 200 characters.' })
  @IsOptional()
  @MaxTextLength(200)
  certification?: string | null;
}

/** The arguments of Query.safetyTechnologies: a page and the filter. */
@ArgsType()
export class SafetyTechnologyListArgs extends filteredPageArgs(SafetyTechnologyFilter, 'Narrows the list; omitted: every technology.') {}
