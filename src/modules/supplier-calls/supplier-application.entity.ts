import { Column, Entity, PrimaryGeneratedColumn, VirtualColumn } from 'typeorm';
import { Region, SupplierApplicationStatus, TargetMetric } from '../../common/enums';
import { bigintTransformer } from '../../db/transformers';

export interface ProposedTargetRow {
  metric: TargetMetric;
  description: string | null;
  periodStart: string;
  periodEnd: string;
  baseline: number;
  targetValue: number;
}

@Entity('supplier_application')
export class SupplierApplicationEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id!: string;
  @Column({ name: 'call_id', type: 'bigint' }) callId!: string;
  @Column({ name: 'applicant_id', type: 'bigint' }) applicantId!: string;
  @Column({ name: 'technology_ids', type: 'bigint', array: true }) technologyIds!: string[];
  @Column({ name: 'plan_summary', type: 'text' }) planSummary!: string;
  @Column({ name: 'requested_base_amount', type: 'bigint', transformer: bigintTransformer }) requestedBaseAmount!: bigint;
  @Column({ name: 'planned_beneficiaries', type: 'integer' }) plannedBeneficiaries!: number;
  @Column({ name: 'service_regions', type: 'text', array: true }) serviceRegions!: Region[];
  @Column({ name: 'proposed_targets', type: 'jsonb' }) proposedTargets!: ProposedTargetRow[];
  @Column({ type: 'text' }) status!: SupplierApplicationStatus;
  /** R19: the position by score among the call's ranked applications, set by the decision. */
  @Column({ type: 'integer', nullable: true }) rank!: number | null;
  @Column({ name: 'submitted_by', type: 'text' }) submittedBy!: string;
  @Column({ name: 'submitted_at', type: 'timestamptz' }) submittedAt!: Date;
  @Column({ name: 'withdrawn_by', type: 'text', nullable: true }) withdrawnBy!: string | null;
  @Column({ name: 'withdrawn_at', type: 'timestamptz', nullable: true }) withdrawnAt!: Date | null;
  @Column({ name: 'withdrawal_reason', type: 'text', nullable: true }) withdrawalReason!: string | null;
  /** R18's parts, read with the row: how many reviews it has and the sum of their totals. */
  @VirtualColumn({ type: 'integer', query: (alias) => `SELECT count(*)::int FROM application_review r WHERE r.application_id = ${alias}.id` })
  reviewCount!: number;
  @VirtualColumn({ type: 'integer', query: (alias) => `SELECT COALESCE(sum(r.total), 0)::int FROM application_review r WHERE r.application_id = ${alias}.id` })
  reviewPoints!: number;
}
