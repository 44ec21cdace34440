import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { bigintTransformer } from '../../db/transformers';

@Entity('program')
export class ProgramEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id!: string;
  @Column({ type: 'text' }) code!: string;
  @Column({ type: 'text' }) name!: string;
  @Column({ name: 'operator_id', type: 'bigint' }) operatorId!: string;
  @Column({ name: 'funder_id', type: 'bigint' }) funderId!: string;
  @Column({ type: 'bigint', transformer: bigintTransformer }) budget!: bigint;
  /** Calendar dates as 'YYYY-MM-DD' strings. */
  @Column({ name: 'starts_on', type: 'date' }) startsOn!: string;
  @Column({ name: 'ends_on', type: 'date' }) endsOn!: string;
  @Column({ name: 'created_by', type: 'text' }) createdBy!: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}
