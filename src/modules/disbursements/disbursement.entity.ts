import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { bigintTransformer } from '../../db/transformers';

import { DisbursementKind, DisbursementStatus } from '../../common/enums';

@Entity('disbursement')
export class DisbursementEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id!: string;
  @Column({ name: 'agreement_id', type: 'bigint' }) agreementId!: string;
  @Column({ name: 'evaluation_id', type: 'bigint', nullable: true }) evaluationId!: string | null;
  @Column({ type: 'text' }) kind!: DisbursementKind;
  @Column({ type: 'bigint', transformer: bigintTransformer }) amount!: bigint;
  @Column({ type: 'text' }) status!: DisbursementStatus;
  @Column({ name: 'scheduled_at', type: 'timestamptz' }) scheduledAt!: Date;
  @Column({ name: 'paid_at', type: 'timestamptz', nullable: true }) paidAt!: Date | null;
  @Column({ name: 'bank_reference', type: 'text', nullable: true }) bankReference!: string | null;
  @Column({ name: 'cancelled_at', type: 'timestamptz', nullable: true }) cancelledAt!: Date | null;
}
