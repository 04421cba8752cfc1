/**
 * Types of an exported Qualys policy (`GET /pcas/v3/policy`) and of a library
 * policy (`GET /pcas/v1/library/policy`, `details=basic|full`).
 * Field names are exactly those of the seed samples.
 */

export interface FixedValue {
  value: string;
  /** "1": this fixed value counts as compliant; "0": it does not. */
  set: string;
  description?: string;
}

export interface DataPoint {
  /** Data point key, e.g. "win.auth.passwords.minage". */
  k: string;
  /** Expected values (Y). */
  v: string[];
  /** Undocumented; always 0 in samples. Preserved, never interpreted. */
  l?: number;
  description?: string;
  op: string;
  cd?: string;
  fv?: FixedValue[];
}

export interface Evaluate {
  dp: DataPoint;
}

export interface ControlTechnology {
  technologyId: number;
  technologyName: string;
  evaluate?: Evaluate;
  remediation?: string;
  rationale?: string;
  /** Legacy spelling found in real exports. */
  rational?: string;
  controlDefinitionUpdateAvailable?: boolean;
}

export interface Control {
  controlId: number;
  sectionNumber: number;
  controlNumber: number;
  statement?: string;
  criticality?: string;
  isControlDisable?: boolean;
  referenceText?: string | null;
  technologies?: ControlTechnology[];
}

export interface Section {
  sectionNumber: number;
  sectionHeading: string;
  /** Absent in library `details=basic`. */
  controls?: Control[];
}

export interface Technology {
  technologyId: number;
  technologyName: string;
}

export interface Policy {
  policyId: number;
  policyTitle: string;
  /** "dd-mm-yyyy HH:MM:SS" */
  exported?: string;
  coverPage?: string;
  isActive?: boolean;
  isLocked?: boolean;
  technologies?: Technology[];
  sections?: Section[];
}

/** The rationale of a control technology, whichever spelling the export used. */
export function rationaleOf(t: ControlTechnology): string | undefined {
  return t.rationale ?? t.rational;
}
