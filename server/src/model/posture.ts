/**
 * A posture record as returned by `POST /pcrs/5.0/posture/postureInfo`
 * (fields beyond these are kept but not typed).
 */
import type { PostureStatus } from './catalog';

export interface PostureEvidence {
  expectedValues?: string | null;
  currentValues?: string[] | null;
  actualValues?: unknown;
  directoryFimUdc?: unknown;
  lastUpdated?: string;
  extendedEvidence?: string | null;
  description?: string | null;
}

export interface PostureRecord {
  id: number | string;
  instance?: string;
  policyId: number | string;
  policyTitle?: string;
  controlId: number | string;
  controlStatement?: string;
  technologyId: number | string;
  status: PostureStatus;
  previousStatus?: PostureStatus | string;
  hostId: number | string;
  ip?: string | null;
  dns?: string | null;
  netBios?: string | null;
  os?: string | null;
  technology?: { id: number | string; name: string };
  criticality?: { label: string; value: number };
  evidence?: PostureEvidence | null;
  causeOfFailure?: unknown;
  lastEvaluatedDate?: string;
  [extra: string]: unknown;
}
