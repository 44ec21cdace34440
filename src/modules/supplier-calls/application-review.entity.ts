import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export interface CriterionScoreRow {
  key: string;
  points: number;
}

@Entity('application_review')
export class ApplicationReviewEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id!: string;
  @Column({ name: 'application_id', type: 'bigint' }) applicationId!: string;
  @Column({ name: 'reviewer_subject', type: 'text' }) reviewerSubject!: string;
  @Column({ name: 'reviewer_id', type: 'bigint' }) reviewerId!: string;
  @Column({ type: 'jsonb' }) scores!: CriterionScoreRow[];
  @Column({ type: 'integer' }) total!: number;
  @Column({ type: 'text', nullable: true }) comment!: string | null;
  @Column({ name: 'submitted_at', type: 'timestamptz' }) submittedAt!: Date;
}
