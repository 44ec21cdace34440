import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { WebhookDeliveryStatus } from '../../common/enums';

/** One event for one endpoint, and the log of its attempts (migration Webhooks). */
@Entity('webhook_delivery')
export class WebhookDeliveryEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id!: string;
  @Column({ name: 'endpoint_id', type: 'bigint' }) endpointId!: string;
  @Column({ name: 'event_id', type: 'bigint' }) eventId!: string;
  /** The body every attempt signs and sends, byte for byte. */
  @Column({ type: 'text', select: false }) payload!: string;
  @Column({ type: 'text' }) status!: WebhookDeliveryStatus;
  @Column({ type: 'integer' }) attempts!: number;
  /** The attempt count when the current round of retries began (a manual redelivery starts a new one). */
  @Column({ name: 'retries_from', type: 'integer' }) retriesFrom!: number;
  @Column({ name: 'next_attempt_at', type: 'timestamptz', nullable: true }) nextAttemptAt!: Date | null;
  @Column({ name: 'last_attempt_at', type: 'timestamptz', nullable: true }) lastAttemptAt!: Date | null;
  @Column({ name: 'last_response_status', type: 'integer', nullable: true }) lastResponseStatus!: number | null;
  @Column({ name: 'last_response_body', type: 'text', nullable: true }) lastResponseBody!: string | null;
  @Column({ name: 'last_error', type: 'text', nullable: true }) lastError!: string | null;
  @Column({ name: 'delivered_at', type: 'timestamptz', nullable: true }) deliveredAt!: Date | null;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}
