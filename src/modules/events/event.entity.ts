import { Column, Entity, PrimaryColumn } from 'typeorm';
import { EventType } from '../../common/enums';
import type { NodeType } from '../../common/global-id';

/** A business event of the feed. Append-only; its id is its position, drawn by the database (migration EventFeed). */
@Entity('business_event')
export class BusinessEventEntity {
  @PrimaryColumn({ type: 'bigint', insert: false }) id!: string;
  @Column({ type: 'text' }) type!: EventType;
  @Column({ name: 'occurred_at', type: 'timestamptz' }) occurredAt!: Date;
  /** The Node type and database id of what the event is about; the event is visible to whoever may see it. */
  @Column({ name: 'subject_type', type: 'text' }) subjectType!: NodeType;
  @Column({ name: 'subject_id', type: 'bigint' }) subjectId!: string;
  @Column({ name: 'agreement_id', type: 'bigint', nullable: true }) agreementId!: string | null;
  @Column({ name: 'program_id', type: 'bigint', nullable: true }) programId!: string | null;
  /** A few facts of the change (a status, an amount as a string of won), as the webhook delivers them. */
  @Column({ type: 'jsonb' }) data!: Record<string, unknown>;
}
