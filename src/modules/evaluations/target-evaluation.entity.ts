import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { bigintTransformer } from '../../db/transformers';

import { EvaluationStatus } from '../../common/enums';

@Entity('target_evaluation')
export class TargetEvaluationEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id!: string;
  @Column({ name: 'target_id', type: 'bigint' }) targetId!: string;
  @Column({ type: 'text' }) status!: EvaluationStatus;
  @Column({ name: 'actual_value', type: 'bigint', transformer: bigintTransformer }) actualValue!: bigint;
  @Column({ type: 'boolean' }) achieved!: boolean;
  @Column({ name: 'computed_payout', type: 'bigint', transformer: bigintTransformer }) computedPayout!: bigint;
  @Column({ type: 'bigint', transformer: bigintTransformer }) payout!: bigint;
  @Column({ type: 'boolean' }) capped!: boolean;
  @Column({ type: 'text' }) explanation!: string;
  @Column({ name: 'prepared_by_id', type: 'bigint' }) preparedById!: string;
  @Column({ name: 'prepared_by_subject', type: 'text' }) preparedBySubject!: string;
  @Column({ name: 'prepared_at', type: 'timestamptz' }) preparedAt!: Date;
  @Column({ name: 'finalized_by_id', type: 'bigint', nullable: true }) finalizedById!: string | null;
  @Column({ name: 'finalized_by_subject', type: 'text', nullable: true }) finalizedBySubject!: string | null;
  @Column({ name: 'finalized_at', type: 'timestamptz', nullable: true }) finalizedAt!: Date | null;
  @Column({ name: 'voided_at', type: 'timestamptz', nullable: true }) voidedAt!: Date | null;
}

/** The matches a WORKSITES_IMPROVED evaluation counted (R23): exactly the set behind actualValue. */
@Entity('evaluation_match')
export class EvaluationMatchEntity {
  @PrimaryColumn({ name: 'evaluation_id', type: 'bigint' }) evaluationId!: string;
  @PrimaryColumn({ name: 'match_id', type: 'bigint' }) matchId!: string;
}

/** The activities an evaluation counted (R9): exactly the set behind actualValue. */
@Entity('evaluation_activity')
export class EvaluationActivityEntity {
  @PrimaryColumn({ name: 'evaluation_id', type: 'bigint' }) evaluationId!: string;
  @PrimaryColumn({ name: 'activity_id', type: 'bigint' }) activityId!: string;
}
