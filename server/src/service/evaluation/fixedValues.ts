/**
 * Fixed values (`dp.fv`): special results the scanner returns instead of a collected value.
 * Evidence carries either the fixed value's number or, often, its description ("File not
 * found"), so both are recognised.
 */
import { FIXED_VALUE_SENTINELS } from '../../model/catalog';
import type { FixedValue } from '../../model/policy';

export interface FixedValueHit {
  readonly value: string;
  readonly description?: string;
  /** `set: "1"`: the fixed value counts as compliant. */
  readonly allowed: boolean;
  /** False for a known sentinel the data point does not list (it then counts as not compliant). */
  readonly listed: boolean;
}

export type FixedValueLookup = (collected: string) => FixedValueHit | undefined;

const SENTINELS = new Map(FIXED_VALUE_SENTINELS.map((s) => [s.value, s]));

export function fixedValueLookup(fv: readonly FixedValue[] | undefined): FixedValueLookup {
  const table = new Map<string, FixedValueHit>();
  for (const f of fv ?? []) {
    if (typeof f !== 'object' || f === null || typeof f.value !== 'string') continue;
    const value = f.value.trim();
    const description = typeof f.description === 'string' && f.description.trim() !== '' ? f.description.trim() : undefined;
    const hit: FixedValueHit = { value, description, allowed: String(f.set).trim() === '1', listed: true };
    if (!table.has(value)) table.set(value, hit);
    if (description && !table.has(description)) table.set(description, hit);
    // A listed sentinel without a description is still recognised by its usual descriptions.
    if (!description) for (const d of SENTINELS.get(value)?.typicalDescriptions ?? []) if (!table.has(d)) table.set(d, hit);
  }
  for (const s of FIXED_VALUE_SENTINELS) {
    if (!table.has(s.value)) table.set(s.value, { value: s.value, allowed: false, listed: false });
  }
  return (collected) => table.get(collected) ?? (collected !== collected.trim() ? table.get(collected.trim()) : undefined);
}

export function describeFixedValue(hit: FixedValueHit): string {
  const name = hit.description ? `'${hit.description}' (${hit.value})` : hit.value;
  if (!hit.listed) return `fixed value ${name} is not listed in fv, so it is not allowed`;
  return `fixed value ${name} is ${hit.allowed ? 'allowed' : 'not allowed'}`;
}
