import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity('safety_technology')
export class SafetyTechnologyEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id!: string;
  @Column({ name: 'provider_id', type: 'bigint' }) providerId!: string;
  @Column({ type: 'text' }) name!: string;
  @Column({ type: 'text' }) category!: string;
  @Column({ type: 'text', array: true }) hazards!: string[];
  @Column({ type: 'text', nullable: true }) description!: string | null;
  @Column({ name: 'readiness_level', type: 'smallint' }) readinessLevel!: number;
  @Column({ type: 'text', nullable: true }) certification!: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}
