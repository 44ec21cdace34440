import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { EventType } from '../../common/enums';

/** A URL an agency receives its events at (migration Webhooks). */
@Entity('webhook_endpoint')
export class WebhookEndpointEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id!: string;
  @Column({ name: 'agency_id', type: 'bigint' }) agencyId!: string;
  @Column({ type: 'text' }) url!: string;
  @Column({ type: 'text', nullable: true }) description!: string | null;
  /** Empty: every type. */
  @Column({ name: 'event_types', type: 'text', array: true }) eventTypes!: EventType[];
  @Column({ type: 'boolean' }) enabled!: boolean;
  /** The signing secret as stored (webhook-secret.ts): encrypted with WEBHOOK_SECRETS_KEY when it is set. Never returned. */
  @Column({ type: 'text', select: false }) secret!: string;
  @Column({ name: 'previous_secret', type: 'text', nullable: true, select: false }) previousSecret!: string | null;
  @Column({ name: 'previous_secret_expires_at', type: 'timestamptz', nullable: true }) previousSecretExpiresAt!: Date | null;
  /** The last feed position whose events have their deliveries (or were not for this endpoint). */
  @Column({ name: 'fanned_out_position', type: 'bigint' }) fannedOutPosition!: string;
  @Column({ name: 'created_by', type: 'text' }) createdBy!: string;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
  @Column({ name: 'secret_rotated_at', type: 'timestamptz', nullable: true }) secretRotatedAt!: Date | null;
}
