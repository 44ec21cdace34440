import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { bigintTransformer } from '../../db/transformers';

import { AgreementStatus } from '../../common/enums';

@Entity('funding_agreement')
export class FundingAgreementEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id!: string;
  @Column({ name: 'agreement_number', type: 'text' }) agreementNumber!: string;
  @Column({ name: 'recommendation_id', type: 'bigint', nullable: true }) recommendationId!: string | null;
  @Column({ name: 'funder_id', type: 'bigint' }) funderId!: string;
  @Column({ name: 'recipient_id', type: 'bigint' }) recipientId!: string;
  @Column({ name: 'program_id', type: 'bigint' }) programId!: string;
  @Column({ type: 'text' }) status!: AgreementStatus;
  /** Calendar dates as 'YYYY-MM-DD' strings: no time zone can shift them. */
  @Column({ name: 'starts_on', type: 'date' }) startsOn!: string;
  @Column({ name: 'ends_on', type: 'date' }) endsOn!: string;
  @Column({ name: 'base_amount', type: 'bigint', transformer: bigintTransformer }) baseAmount!: bigint;
  @Column({ name: 'outcome_budget_cap', type: 'bigint', transformer: bigintTransformer }) outcomeBudgetCap!: bigint;
  @Column({ name: 'termination_reason', type: 'text', nullable: true }) terminationReason!: string | null;
  @Column({ name: 'activated_at', type: 'timestamptz', nullable: true }) activatedAt!: Date | null;
  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true }) completedAt!: Date | null;
  @Column({ name: 'terminated_at', type: 'timestamptz', nullable: true }) terminatedAt!: Date | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}
