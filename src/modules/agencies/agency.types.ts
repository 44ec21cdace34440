import { Field, ObjectType } from 'type-graphql';
import { connectionTypes } from '../../common/connection';
import { AgencyKind } from '../../common/enums';
import { Node } from '../../common/node';

@ObjectType({ implements: Node, description: 'A ministry, public agency or financial institution taking part in the program.' })
export class Agency extends Node {
  @Field({ description: 'Short code used in tokens, e.g. "KOSME", "KB", "MSS".' }) code!: string;
  @Field({ description: 'Full name.' }) name!: string;
  @Field(() => AgencyKind, { description: 'Role of the agency in the program.' }) kind!: AgencyKind;
  @Field({ description: 'When the agency was registered.' }) createdAt!: Date;
}

export const AgencyConnection = connectionTypes(Agency, 'Agency');
