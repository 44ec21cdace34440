/**
 * Opaque global ids (Relay): base64url of "<TypeName>:<database id>".
 * Clients must treat them as opaque; the type prefix lets node(id:) find the table.
 */
export const NODE_TYPES = [
  'Agency',
  'Enterprise',
  'SafetyTechnology',
  'Recommendation',
  'FundingAgreement',
  'PerformanceTarget',
  'ImprovementActivity',
  'TargetEvaluation',
  'Disbursement',
  'AuditEvent',
  'Program',
  'SupplierCall',
  'SupplierApplication',
  'ApplicationReview',
  'SupportRequest',
  'SupplierMatch',
  'Event',
  'WebhookEndpoint',
  'WebhookDelivery',
] as const;
export type NodeType = (typeof NODE_TYPES)[number];

export function encodeGlobalId(type: NodeType, id: string): string {
  return Buffer.from(`${type}:${id}`, 'utf8').toString('base64url');
}

/** The type and database id, or null when the string is not one of our ids. */
export function decodeGlobalId(globalId: string): { type: NodeType; id: string } | null {
  if (typeof globalId !== 'string' || globalId.length > 100 || !/^[A-Za-z0-9_-]+$/.test(globalId)) return null;
  const match = /^([A-Za-z]+):([1-9][0-9]{0,18})$/.exec(Buffer.from(globalId, 'base64url').toString('utf8'));
  if (!match || !(NODE_TYPES as readonly string[]).includes(match[1])) return null;
  // bigint ids stop at 2^63 - 1; anything larger cannot exist.
  if (BigInt(match[2]) > 9223372036854775807n) return null;
  return { type: match[1] as NodeType, id: match[2] };
}
