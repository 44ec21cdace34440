import { Field, Int, ObjectType } from 'type-graphql';
import { connectionTypes } from '../../common/connection';
import { EnterpriseSize, Region } from '../../common/enums';
import { Node } from '../../common/node';
import { payloadType } from '../../common/payload';

@ObjectType({
  implements: Node,
  description: 'A small or midsize enterprise: a safety-technology provider, a beneficiary worksite, or both.',
})
export class Enterprise extends Node {
  @Field({ description: 'Korean business registration number, formatted 000-00-00000 and check-digit valid.' })
  businessRegistrationNumber!: string;
  @Field({ description: 'Registered name.' }) name!: string;
  @Field(() => EnterpriseSize, { description: 'Size class.' }) size!: EnterpriseSize;
  @Field({ description: 'KSIC industry code, e.g. C25 or 25112.' }) industryCode!: string;
  @Field(() => Region, { description: 'Region of the main worksite.' }) region!: Region;
  @Field(() => Int, { description: 'Number of employees.' }) employeeCount!: number;
  @Field({ description: 'When the enterprise was registered in the program.' }) createdAt!: Date;
}

export const EnterpriseConnection = connectionTypes(Enterprise, 'Enterprise');

export const EnterprisePayload = payloadType(Enterprise, 'enterprise', {
  payload: 'Result of registerEnterprise and updateEnterprise.',
  value: 'The enterprise as saved',
});
