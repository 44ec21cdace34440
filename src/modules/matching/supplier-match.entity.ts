import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { AssessmentPhase, MatchStatus } from '../../common/enums';

/** One side's answer to a match. */
export type MatchAnswer = 'ACCEPTED' | 'DECLINED';

@Entity('supplier_match')
export class SupplierMatchEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id!: string;
  @Column({ name: 'request_id', type: 'bigint' }) requestId!: string;
  @Column({ name: 'agreement_id', type: 'bigint' }) agreementId!: string;
  /** The agreement's recipient and the request's beneficiary, kept on the row for visibility and suggestions. */
  @Column({ name: 'supplier_id', type: 'bigint' }) supplierId!: string;
  @Column({ name: 'beneficiary_id', type: 'bigint' }) beneficiaryId!: string;
  @Column({ type: 'text' }) status!: MatchStatus;
  @Column({ name: 'proposed_by', type: 'text' }) proposedBy!: string;
  @Column({ name: 'proposed_at', type: 'timestamptz' }) proposedAt!: Date;
  @Column({ name: 'supplier_answer', type: 'text', nullable: true }) supplierAnswer!: MatchAnswer | null;
  @Column({ name: 'supplier_answered_on', type: 'date', nullable: true }) supplierAnsweredOn!: string | null;
  @Column({ name: 'supplier_answered_at', type: 'timestamptz', nullable: true }) supplierAnsweredAt!: Date | null;
  @Column({ name: 'supplier_answered_by', type: 'text', nullable: true }) supplierAnsweredBy!: string | null;
  @Column({ name: 'beneficiary_answer', type: 'text', nullable: true }) beneficiaryAnswer!: MatchAnswer | null;
  @Column({ name: 'beneficiary_answered_on', type: 'date', nullable: true }) beneficiaryAnsweredOn!: string | null;
  @Column({ name: 'beneficiary_answered_at', type: 'timestamptz', nullable: true }) beneficiaryAnsweredAt!: Date | null;
  @Column({ name: 'beneficiary_answered_by', type: 'text', nullable: true }) beneficiaryAnsweredBy!: string | null;
  /** R21: the later of the two answer days; R7 counts activities from it. */
  @Column({ name: 'accepted_on', type: 'date', nullable: true }) acceptedOn!: string | null;
  @Column({ type: 'text', nullable: true }) reason!: string | null;
  @Column({ name: 'cancelled_by', type: 'text', nullable: true }) cancelledBy!: string | null;
  @Column({ name: 'cancelled_at', type: 'timestamptz', nullable: true }) cancelledAt!: Date | null;
}

@Entity('worksite_assessment')
export class WorksiteAssessmentEntity {
  @PrimaryColumn({ name: 'match_id', type: 'bigint' }) matchId!: string;
  @PrimaryColumn({ type: 'text' }) phase!: AssessmentPhase;
  @Column({ name: 'risk_level', type: 'integer' }) riskLevel!: number;
  @Column({ name: 'assessed_on', type: 'date' }) assessedOn!: string;
  @Column({ name: 'assessed_by_id', type: 'bigint' }) assessedById!: string;
  @Column({ name: 'assessed_by_subject', type: 'text' }) assessedBySubject!: string;
  @Column({ type: 'text', nullable: true }) note!: string | null;
  @Column({ name: 'recorded_at', type: 'timestamptz' }) recordedAt!: Date;
}
