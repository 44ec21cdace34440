import { decodeGlobalId, encodeGlobalId, NodeType } from '../../src/common/global-id';

/** The global id clients see for a database row. */
export const gid = (type: NodeType, id: unknown): string => encodeGlobalId(type, String(id));

/** The database id behind a global id. */
export const dbId = (globalId: string): string => decodeGlobalId(globalId)!.id;
