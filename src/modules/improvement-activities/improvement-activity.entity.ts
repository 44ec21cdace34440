import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { ActivityStatus } from '../../common/enums';

export interface StoredEvidenceRef {
  kind: string;
  uri: string;
  sha256?: string | null;
}

@Entity('improvement_activity')
export class ImprovementActivityEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id!: string;
  @Column({ name: 'agreement_id', type: 'bigint' }) agreementId!: string;
  /** The agreement's recipient, kept on the row so activities filter by provider without a join. */
  @Column({ name: 'provider_id', type: 'bigint' }) providerId!: string;
  @Column({ name: 'beneficiary_id', type: 'bigint' }) beneficiaryId!: string;
  /** R7 amended: the ACCEPTED match of the agreement with the beneficiary the activity was done under. */
  @Column({ name: 'match_id', type: 'bigint', nullable: true }) matchId!: string | null;
  @Column({ name: 'technology_id', type: 'bigint' }) technologyId!: string;
  @Column({ type: 'text' }) kind!: string;
  @Column({ type: 'text' }) title!: string;
  @Column({ type: 'text', nullable: true }) description!: string | null;
  @Column({ name: 'hazards_addressed', type: 'text', array: true }) hazardsAddressed!: string[];
  @Column({ name: 'workers_covered', type: 'integer' }) workersCovered!: number;
  @Column({ name: 'hazards_remediated', type: 'integer' }) hazardsRemediated!: number;
  @Column({ name: 'risk_level_before', type: 'smallint', nullable: true }) riskLevelBefore!: number | null;
  @Column({ name: 'risk_level_after', type: 'smallint', nullable: true }) riskLevelAfter!: number | null;
  @Column({ name: 'started_on', type: 'date' }) startedOn!: string;
  @Column({ name: 'completed_on', type: 'date' }) completedOn!: string;
  @Column({ type: 'text' }) status!: ActivityStatus;
  @Column({ type: 'jsonb' }) evidence!: StoredEvidenceRef[];
  @Column({ name: 'reported_by', type: 'text' }) reportedBy!: string;
  @Column({ name: 'verified_by_id', type: 'bigint', nullable: true }) verifiedById!: string | null;
  @Column({ name: 'verified_at', type: 'timestamptz', nullable: true }) verifiedAt!: Date | null;
  @Column({ name: 'rejection_reason', type: 'text', nullable: true }) rejectionReason!: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}
