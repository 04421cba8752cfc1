/**
 * What the JSON Schemas (`schemas/*.schema.json`) say about the object at a JSON
 * path: its properties with their types, enums and descriptions. Completion uses
 * it so property names are never listed twice (schema and code).
 */
import type { JSONPath } from 'jsonc-parser';
import evaluateSchema from '../../../schemas/evaluate.schema.json';
import policySchema from '../../../schemas/policy.schema.json';

/** The subset of JSON Schema our schemas use. */
interface Schema {
  $ref?: string;
  type?: string | string[];
  enum?: unknown[];
  description?: string;
  markdownDescription?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  allOf?: Schema[];
  anyOf?: Schema[];
  oneOf?: Schema[];
}

/** A schema together with the document its `$ref`s are relative to. */
interface Located {
  schema: Schema;
  doc: Schema;
}

export interface SchemaProperty {
  name: string;
  /** JSON types allowed, e.g. ['string'] or ['string', 'null']; empty when unconstrained. */
  types: readonly string[];
  enum?: readonly unknown[];
  /** Markdown when the schema has it, else plain text escaped by the caller. */
  description?: { markdown: boolean; text: string };
  required: boolean;
}

// `$ref`s name other schema files by their file name (e.g. "evaluate.schema.json").
const DOCUMENTS: Readonly<Record<string, Schema>> = {
  'policy.schema.json': policySchema as Schema,
  'evaluate.schema.json': evaluateSchema as Schema,
};

function resolve(located: Located, depth = 0): Located {
  const ref = located.schema.$ref;
  if (ref === undefined || depth > 16) return located;
  const [file, pointer = ''] = ref.split('#');
  const doc = file ? DOCUMENTS[file.split('/').pop()!] : located.doc;
  if (!doc) return { schema: {}, doc: located.doc };
  let target: unknown = doc;
  for (const raw of pointer.split('/').filter(Boolean)) {
    const part = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    target = typeof target === 'object' && target !== null ? (target as Record<string, unknown>)[part] : undefined;
  }
  return resolve({ schema: (target ?? {}) as Schema, doc }, depth + 1);
}

/** The schema and its sub-schemas (allOf/anyOf/oneOf), all resolved. */
function alternatives(located: Located): Located[] {
  const self = resolve(located);
  const result = [self];
  for (const sub of [...(self.schema.allOf ?? []), ...(self.schema.anyOf ?? []), ...(self.schema.oneOf ?? [])]) {
    result.push(...alternatives({ schema: sub, doc: self.doc }));
  }
  return result;
}

function step(located: Located, segment: string | number): Located[] {
  const result: Located[] = [];
  for (const alt of alternatives(located)) {
    const next = typeof segment === 'number' ? alt.schema.items : alt.schema.properties?.[segment];
    if (next) result.push({ schema: next, doc: alt.doc });
  }
  return result;
}

const cache = new Map<string, SchemaProperty[]>();

/** The properties the schema allows on the object at `path` (empty when unknown). */
export function schemaPropertiesAt(path: JSONPath): readonly SchemaProperty[] {
  const cacheKey = path.map((s) => (typeof s === 'number' ? '#' : JSON.stringify(s))).join('/');
  const cached = cache.get(cacheKey);
  if (cached) return cached;

  let current: Located[] = [{ schema: DOCUMENTS['policy.schema.json']!, doc: DOCUMENTS['policy.schema.json']! }];
  for (const segment of path) current = current.flatMap((l) => step(l, segment));

  const byName = new Map<string, SchemaProperty>();
  for (const alt of current.flatMap(alternatives)) {
    const required = new Set(alt.schema.required ?? []);
    for (const [name, raw] of Object.entries(alt.schema.properties ?? {})) {
      if (byName.has(name)) continue;
      const prop = resolve({ schema: raw, doc: alt.doc }).schema;
      // Descriptions may sit beside the $ref or in its target.
      const markdown = raw.markdownDescription ?? prop.markdownDescription;
      const plain = raw.description ?? prop.description;
      const types = prop.type === undefined ? [] : Array.isArray(prop.type) ? prop.type : [prop.type];
      byName.set(name, {
        name,
        types,
        ...(prop.enum ? { enum: prop.enum } : {}),
        ...(markdown !== undefined ? { description: { markdown: true, text: markdown } } : plain !== undefined ? { description: { markdown: false, text: plain } } : {}),
        required: required.has(name),
      });
    }
  }
  const result = [...byName.values()];
  cache.set(cacheKey, result);
  return result;
}

/** The schema's description of property `name` of the object at `path`. */
export function schemaProperty(path: JSONPath, name: string): SchemaProperty | undefined {
  return schemaPropertiesAt(path).find((p) => p.name === name);
}
