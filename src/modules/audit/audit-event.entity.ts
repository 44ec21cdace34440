import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** Append-only (R13): a database trigger refuses UPDATE and DELETE; another chains every event to the one before. */
@Entity('audit_event')
export class AuditEventEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id!: string;
  @Column({ type: 'timestamptz' }) at!: Date;
  @Column({ name: 'actor_subject', type: 'text' }) actorSubject!: string;
  @Column({ name: 'actor_role', type: 'text' }) actorRole!: string;
  @Column({ type: 'text' }) action!: string;
  @Column({ name: 'entity_type', type: 'text' }) entityType!: string;
  /** The entity's global id, as clients know it. */
  @Column({ name: 'entity_id', type: 'text' }) entityId!: string;
  @Column({ type: 'jsonb', nullable: true }) changes!: Record<string, unknown> | null;
  /** The id the client quoted (X-Request-Id), or the server's when it sent none or an unusable one. */
  @Column({ name: 'request_id', type: 'text', nullable: true }) requestId!: string | null;
  /** The server's own id of the request, beside the client's: a client cannot choose it. */
  @Column({ name: 'server_request_id', type: 'text', nullable: true }) serverRequestId!: string | null;
  /** R13: set by the database as the event is inserted (migration AuditChain), never by the API. */
  @Column({ type: 'text', insert: false, update: false }) hash!: string;
  @Column({ name: 'previous_hash', type: 'text', nullable: true, insert: false, update: false }) previousHash!: string | null;
}
