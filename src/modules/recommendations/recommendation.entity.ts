import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { RecommendationStatus } from '../../common/enums';

@Entity('recommendation')
export class RecommendationEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id!: string;
  @Column({ name: 'recommender_id', type: 'bigint' }) recommenderId!: string;
  @Column({ name: 'funder_id', type: 'bigint' }) funderId!: string;
  @Column({ name: 'enterprise_id', type: 'bigint' }) enterpriseId!: string;
  @Column({ name: 'technology_id', type: 'bigint', nullable: true }) technologyId!: string | null;
  @Column({ name: 'program_id', type: 'bigint' }) programId!: string;
  /** R19: the selected application it came from; null for a direct recommendation. */
  @Column({ name: 'application_id', type: 'bigint', nullable: true }) applicationId!: string | null;
  @Column({ type: 'text' }) rationale!: string;
  @Column({ type: 'text' }) status!: RecommendationStatus;
  @Column({ name: 'decision_note', type: 'text', nullable: true }) decisionNote!: string | null;
  @Column({ name: 'recommended_by', type: 'text' }) recommendedBy!: string;
  @Column({ name: 'recommended_at', type: 'timestamptz' }) recommendedAt!: Date;
  @Column({ name: 'decided_by', type: 'text', nullable: true }) decidedBy!: string | null;
  @Column({ name: 'decided_at', type: 'timestamptz', nullable: true }) decidedAt!: Date | null;
}
