import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

@Entity('enterprise')
export class EnterpriseEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id!: string;
  /** Ten digits without dashes (R1); formatted only on output. */
  @Column({ name: 'business_registration_number', type: 'char', length: 10 }) businessRegistrationNumber!: string;
  @Column({ type: 'text' }) name!: string;
  @Column({ type: 'text' }) size!: string;
  @Column({ name: 'industry_code', type: 'text' }) industryCode!: string;
  @Column({ type: 'text' }) region!: string;
  @Column({ name: 'employee_count', type: 'integer' }) employeeCount!: number;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}
