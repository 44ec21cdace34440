/**
 * R9: the value an evaluation measures, from the VERIFIED activities it counts.
 * Selecting those activities (agreement, status, period) is the caller's job.
 */

export interface CountableActivity {
  id: string;
  beneficiaryId: string;
  workersCovered: number;
  hazardsRemediated: number;
  riskLevelBefore: number | null;
  riskLevelAfter: number | null;
}

/** The metrics measured over activities; WORKSITES_IMPROVED counts matches (R23) and is measured where they are read. */
export type TargetMetric =
  | 'VERIFIED_ACTIVITIES'
  | 'DISTINCT_BENEFICIARIES'
  | 'WORKERS_COVERED'
  | 'HAZARDS_REMEDIATED'
  | 'RISK_POINTS_REDUCED';

/** BigInt so that the result feeds the exact payout math (R11) unconverted. */
export function metricValue(metric: TargetMetric, activities: CountableActivity[]): bigint {
  switch (metric) {
    case 'VERIFIED_ACTIVITIES':
      return BigInt(activities.length);
    case 'DISTINCT_BENEFICIARIES':
      return BigInt(new Set(activities.map((a) => a.beneficiaryId)).size);
    case 'WORKERS_COVERED':
      return sum(activities.map((a) => a.workersCovered));
    case 'HAZARDS_REMEDIATED':
      return sum(activities.map((a) => a.hazardsRemediated));
    case 'RISK_POINTS_REDUCED':
      return sum(activities.map(riskPointsReduced));
    default:
      return assertNever(metric);
  }
}

/** An activity that made risk worse counts 0, not negative: it cannot undo others. */
function riskPointsReduced(activity: CountableActivity): number {
  const { riskLevelBefore, riskLevelAfter } = activity;
  if (riskLevelBefore === null || riskLevelAfter === null) return 0;
  return Math.max(0, riskLevelBefore - riskLevelAfter);
}

/** BigInt() throws on a fractional count, which is a bug upstream, not data. */
function sum(counts: number[]): bigint {
  return counts.reduce((total, count) => total + BigInt(count), 0n);
}

function assertNever(metric: never): never {
  throw new Error(`metricValue: unknown metric ${String(metric)}`);
}
