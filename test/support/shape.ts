/**
 * Structural shapes of JSON values, to check that a response has the keys and value types of a
 * seed sample without comparing values. `null` is compatible with any type (seed samples show
 * nullable fields either way); array elements are merged, and keys absent from some elements are optional.
 */
export type Shape =
  | { kind: 'null' }
  | { kind: 'scalar'; types: Set<'string' | 'number' | 'boolean'> }
  | { kind: 'array'; element: Shape | undefined }
  | { kind: 'object'; keys: Map<string, { shape: Shape; optional: boolean }> };

export function shapeOf(value: unknown): Shape {
  if (value === null || value === undefined) return { kind: 'null' };
  if (Array.isArray(value)) return { kind: 'array', element: value.map(shapeOf).reduce<Shape | undefined>((a, b) => (a ? merge(a, b) : b), undefined) };
  if (typeof value === 'object') {
    return { kind: 'object', keys: new Map(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, { shape: shapeOf(v), optional: false }])) };
  }
  return { kind: 'scalar', types: new Set([typeof value as 'string' | 'number' | 'boolean']) };
}

function merge(a: Shape, b: Shape): Shape {
  if (a.kind === 'null') return b;
  if (b.kind === 'null') return a;
  if (a.kind === 'scalar' && b.kind === 'scalar') return { kind: 'scalar', types: new Set([...a.types, ...b.types]) };
  if (a.kind === 'array' && b.kind === 'array') return { kind: 'array', element: a.element && b.element ? merge(a.element, b.element) : (a.element ?? b.element) };
  if (a.kind === 'object' && b.kind === 'object') {
    const keys = new Map<string, { shape: Shape; optional: boolean }>();
    for (const [k, x] of a.keys) {
      const y = b.keys.get(k);
      keys.set(k, y ? { shape: merge(x.shape, y.shape), optional: x.optional || y.optional } : { ...x, optional: true });
    }
    for (const [k, y] of b.keys) if (!a.keys.has(k)) keys.set(k, { ...y, optional: true });
    return { kind: 'object', keys };
  }
  return a; // Mixed kinds: keep the first; compare() will report the mismatch.
}

function describe(s: Shape): string {
  if (s.kind === 'scalar') return [...s.types].join('|');
  return s.kind;
}

/**
 * Differences between an actual shape and the expected (seed) shape, one line per path:
 * missing keys, keys the seed doesn't have (unless `allowExtra` lists the key name), type mismatches.
 */
export function compareShapes(actual: Shape, expected: Shape, allowExtra: readonly string[] = [], path = '$'): string[] {
  if (actual.kind === 'null' || expected.kind === 'null') return [];
  if (actual.kind !== expected.kind) return [`${path}: expected ${describe(expected)}, got ${describe(actual)}`];
  if (actual.kind === 'scalar' && expected.kind === 'scalar') {
    const bad = [...actual.types].filter((t) => !expected.types.has(t));
    return bad.length ? [`${path}: expected ${describe(expected)}, got ${describe(actual)}`] : [];
  }
  if (actual.kind === 'array' && expected.kind === 'array') {
    return actual.element && expected.element ? compareShapes(actual.element, expected.element, allowExtra, `${path}[]`) : [];
  }
  if (actual.kind === 'object' && expected.kind === 'object') {
    const out: string[] = [];
    for (const [k, e] of expected.keys) {
      const a = actual.keys.get(k);
      if (!a) {
        if (!e.optional) out.push(`${path}.${k}: missing`);
        continue;
      }
      out.push(...compareShapes(a.shape, e.shape, allowExtra, `${path}.${k}`));
    }
    for (const k of actual.keys.keys()) if (!expected.keys.has(k) && !allowExtra.includes(k)) out.push(`${path}.${k}: not in the seed sample`);
    return out;
  }
  return [];
}
