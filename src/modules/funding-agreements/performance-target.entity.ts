import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { bigintTransformer } from '../../db/transformers';

import { PayoutRuleKind, TargetMetric } from '../../common/enums';
/** Ratios are stored in integer basis points (R11): 10000 = 100%. */
export interface StoredPayoutTier {
  minAchievementBp: number;
  shareBp: number;
}

@Entity('performance_target')
export class PerformanceTargetEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id!: string;
  @Column({ name: 'agreement_id', type: 'bigint' }) agreementId!: string;
  @Column({ type: 'text' }) metric!: TargetMetric;
  @Column({ type: 'text', nullable: true }) description!: string | null;
  @Column({ name: 'period_start', type: 'date' }) periodStart!: string;
  @Column({ name: 'period_end', type: 'date' }) periodEnd!: string;
  @Column({ type: 'integer' }) baseline!: number;
  @Column({ name: 'target_value', type: 'integer' }) targetValue!: number;
  @Column({ name: 'max_payout', type: 'bigint', transformer: bigintTransformer }) maxPayout!: bigint;
  @Column({ name: 'payout_rule_kind', type: 'text' }) payoutRuleKind!: PayoutRuleKind;
  @Column({ name: 'payout_threshold_bp', type: 'integer', nullable: true }) payoutThresholdBp!: number | null;
  @Column({ name: 'payout_tiers', type: 'jsonb', nullable: true }) payoutTiers!: StoredPayoutTier[] | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}
