import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, VirtualColumn } from 'typeorm';
import { HazardType, SupplierCallStatus } from '../../common/enums';
import { DATABASE_NOW_SQL } from '../../db/clock';
import { bigintTransformer } from '../../db/transformers';

export interface ReviewCriterionRow {
  key: string;
  description: string;
  maxPoints: number;
}

/**
 * R16: a call's status follows the database's clock, to the second, so that
 * every API process agrees: UPCOMING before opensAt, OPEN until closesAt
 * (a submission at closesAt is too late), then CLOSED, DECIDED once decided.
 * That clock is statement_timestamp(), or the replayed instant of an internal
 * replay's transaction (DATABASE_NOW_SQL, db/clock.ts); requests never replay.
 */
export const callStatusSql = (alias: string) => `CASE
  WHEN ${alias}.decided_at IS NOT NULL THEN '${SupplierCallStatus.DECIDED}'
  WHEN ${DATABASE_NOW_SQL} < ${alias}.opens_at THEN '${SupplierCallStatus.UPCOMING}'
  WHEN ${DATABASE_NOW_SQL} < ${alias}.closes_at THEN '${SupplierCallStatus.OPEN}'
  ELSE '${SupplierCallStatus.CLOSED}' END`;

@Entity('supplier_call')
export class SupplierCallEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id!: string;
  @Column({ name: 'program_id', type: 'bigint' }) programId!: string;
  @Column({ type: 'text' }) title!: string;
  @Column({ name: 'opens_at', type: 'timestamptz' }) opensAt!: Date;
  @Column({ name: 'closes_at', type: 'timestamptz' }) closesAt!: Date;
  @Column({ type: 'integer' }) places!: number;
  @Column({ name: 'eligible_hazards', type: 'text', array: true }) eligibleHazards!: HazardType[];
  @Column({ name: 'min_readiness_level', type: 'integer' }) minReadinessLevel!: number;
  @Column({ name: 'max_base_amount', type: 'bigint', transformer: bigintTransformer }) maxBaseAmount!: bigint;
  @Column({ type: 'jsonb' }) criteria!: ReviewCriterionRow[];
  @Column({ name: 'reviews_required', type: 'integer' }) reviewsRequired!: number;
  /** numeric(9,2) as PostgreSQL writes it, e.g. "70.50": compared in hundredths, never as a float (R18). */
  @Column({ name: 'passing_score', type: 'numeric' }) passingScore!: string;
  @Column({ name: 'decided_by', type: 'text', nullable: true }) decidedBy!: string | null;
  @Column({ name: 'decided_at', type: 'timestamptz', nullable: true }) decidedAt!: Date | null;
  @Column({ name: 'created_by', type: 'text' }) createdBy!: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @VirtualColumn({ type: 'text', query: callStatusSql }) status!: SupplierCallStatus;
}
