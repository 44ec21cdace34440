import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { HazardType, Region, SupportRequestStatus } from '../../common/enums';

@Entity('support_request')
export class SupportRequestEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id!: string;
  @Column({ name: 'program_id', type: 'bigint' }) programId!: string;
  @Column({ name: 'beneficiary_id', type: 'bigint' }) beneficiaryId!: string;
  @Column({ name: 'worksite_name', type: 'text' }) worksiteName!: string;
  @Column({ name: 'worksite_region', type: 'text' }) worksiteRegion!: Region;
  @Column({ name: 'workers_at_worksite', type: 'integer' }) workersAtWorksite!: number;
  @Column({ type: 'text', array: true }) hazards!: HazardType[];
  @Column({ type: 'text' }) needs!: string;
  @Column({ type: 'text' }) status!: SupportRequestStatus;
  @Column({ name: 'submitted_by', type: 'text' }) submittedBy!: string;
  @Column({ name: 'submitted_at', type: 'timestamptz' }) submittedAt!: Date;
  @Column({ name: 'withdrawn_by', type: 'text', nullable: true }) withdrawnBy!: string | null;
  @Column({ name: 'withdrawn_at', type: 'timestamptz', nullable: true }) withdrawnAt!: Date | null;
  @Column({ name: 'withdrawal_reason', type: 'text', nullable: true }) withdrawalReason!: string | null;
}
