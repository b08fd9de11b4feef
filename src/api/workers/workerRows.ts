import type { WorkerAttributes, WorkerStatus } from '../../db/entities/Worker';
import type { WorkerView } from './workerInput';

/** The workers columns the API reads. */
export const workerColumns =
  'w.id, w.full_name, w.phone_number, w.language, w.timezone, w.attributes, w.status, w.opted_out_at, w.well_being_score, w.performance_metric, w.created_at, w.updated_at';

export interface WorkerRow {
  id: string;
  full_name: string;
  phone_number: string | null;
  language: string | null;
  timezone: string | null;
  attributes: WorkerAttributes;
  status: WorkerStatus;
  opted_out_at: Date | null;
  well_being_score: number | null;
  performance_metric: number | null;
  created_at: Date;
  updated_at: Date;
}

/** A workers row as the API shows it. */
export function toWorkerView(row: WorkerRow): WorkerView {
  return {
    id: row.id,
    fullName: row.full_name,
    phoneNumber: row.phone_number,
    language: row.language,
    timezone: row.timezone,
    attributes: row.attributes,
    status: row.status,
    optedOutAt: row.opted_out_at ? new Date(row.opted_out_at).toISOString() : null,
    wellBeingScore: row.well_being_score,
    performanceMetric: row.performance_metric,
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}
