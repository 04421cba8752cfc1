/**
 * Where in a policy document a JSON node or path lies: which policy element
 * (section, control, data point…) owns it, and small accessors on jsonc-parser
 * nodes. Shared by completion, hover, symbols and validation, so that the shape
 * of an exported policy is spelled out once.
 */
import { findNodeAtLocation, findNodeAtOffset, getNodePath, type JSONPath, type Node } from 'jsonc-parser';

/** The objects an exported policy is made of. */
export type PolicyElementKind =
  | 'policy' //           the root object
  | 'policyTechnology' // technologies[i]
  | 'section' //          sections[i]
  | 'control' //          sections[i].controls[j]
  | 'controlTechnology' // …controls[j].technologies[k]
  | 'evaluate' //         …technologies[k].evaluate
  | 'dataPoint' //        …evaluate.dp
  | 'fixedValue'; //      …dp.fv[m]

const INDEX = '#';
type Segment = string | typeof INDEX;

const CONTROL: readonly Segment[] = ['sections', INDEX, 'controls', INDEX];
const CONTROL_TECHNOLOGY: readonly Segment[] = [...CONTROL, 'technologies', INDEX];
const DATA_POINT: readonly Segment[] = [...CONTROL_TECHNOLOGY, 'evaluate', 'dp'];

/** Path shapes of each element kind ('#' stands for any array index). */
const SHAPES: readonly (readonly [PolicyElementKind, readonly Segment[]])[] = [
  ['policy', []],
  ['policyTechnology', ['technologies', INDEX]],
  ['section', ['sections', INDEX]],
  ['control', CONTROL],
  ['controlTechnology', CONTROL_TECHNOLOGY],
  ['evaluate', [...CONTROL_TECHNOLOGY, 'evaluate']],
  ['dataPoint', DATA_POINT],
  ['fixedValue', [...DATA_POINT, 'fv', INDEX]],
];

/** The kind of policy element that sits exactly at `path`, if any. */
export function elementKindOfPath(path: JSONPath): PolicyElementKind | undefined {
  for (const [kind, shape] of SHAPES) {
    if (shape.length === path.length && shape.every((s, i) => (s === INDEX ? typeof path[i] === 'number' : s === path[i]))) {
      return kind;
    }
  }
  return undefined;
}

export interface ElementRef {
  kind: PolicyElementKind;
  /** Path of the element object itself. */
  path: JSONPath;
  /** The rest of the original path, below the element (e.g. ['op'] or ['v', 0]). */
  rest: JSONPath;
}

/**
 * The innermost policy element at or above `path`, e.g.
 * `sections/0/controls/2/technologies/0/evaluate/dp/v/1` → dataPoint, rest `['v', 1]`.
 */
export function enclosingElement(path: JSONPath): ElementRef | undefined {
  for (let len = path.length; len >= 0; len--) {
    const prefix = path.slice(0, len);
    const kind = elementKindOfPath(prefix);
    if (kind) return { kind, path: prefix, rest: path.slice(len) };
  }
  return undefined;
}

/** An element's object node together with where it is. */
export interface ElementAt extends ElementRef {
  /** The element's object node, when the (possibly broken) tree has one there. */
  node: Node | undefined;
}

/** The policy element owning the node at `offset`, and that node. */
export function elementAtOffset(root: Node | undefined, offset: number): { element: ElementAt; node: Node } | undefined {
  if (!root) return undefined;
  const node = findNodeAtOffset(root, offset, true);
  if (!node) return undefined;
  const ref = enclosingElement(getNodePath(node));
  if (!ref) return undefined;
  return { element: { ...ref, node: objectAt(root, ref.path) }, node };
}

/** The object node at `path`, or undefined if absent or not an object. */
export function objectAt(root: Node | undefined, path: JSONPath): Node | undefined {
  if (!root) return undefined;
  const node = path.length === 0 ? root : findNodeAtLocation(root, path);
  return node?.type === 'object' ? node : undefined;
}

// ------------------------------------------------------------ node accessors

/** The value node of property `key` of an object node (first one wins on duplicates). */
export function propertyValue(obj: Node | undefined, key: string): Node | undefined {
  if (obj?.type !== 'object' || !obj.children) return undefined;
  for (const prop of obj.children) {
    const [k, v] = prop.children ?? [];
    if (k?.value === key) return v;
  }
  return undefined;
}

/** The string value of property `key`, if it is a string. */
export function stringProperty(obj: Node | undefined, key: string): string | undefined {
  const v = propertyValue(obj, key);
  return v?.type === 'string' ? (v.value as string) : undefined;
}

/** The number value of property `key`, if it is a number. */
export function numberProperty(obj: Node | undefined, key: string): number | undefined {
  const v = propertyValue(obj, key);
  return v?.type === 'number' ? (v.value as number) : undefined;
}

/** The item nodes of array property `key` (empty when absent or not an array). */
export function arrayItems(obj: Node | undefined, key: string): readonly Node[] {
  const v = propertyValue(obj, key);
  return v?.type === 'array' ? (v.children ?? []) : [];
}

/** The keys an object node has, in order. */
export function propertyKeys(obj: Node | undefined): string[] {
  if (obj?.type !== 'object' || !obj.children) return [];
  const keys: string[] = [];
  for (const prop of obj.children) {
    const k = prop.children?.[0];
    if (k?.type === 'string') keys.push(k.value as string);
  }
  return keys;
}

/** Is `node` the key (not the value) of a property? */
export function isPropertyKey(node: Node): boolean {
  return node.parent?.type === 'property' && node.parent.children?.[0] === node;
}

/**
 * The property name a node belongs to: the key itself, or the key of the property whose
 * value it is. Undefined for array items and the root.
 */
export function owningPropertyName(node: Node): string | undefined {
  const prop = node.parent;
  if (prop?.type !== 'property') return undefined;
  const key = prop.children?.[0];
  return key?.type === 'string' ? (key.value as string) : undefined;
}

/** The value node of the property a key or value node belongs to. */
export function owningPropertyValue(node: Node): Node | undefined {
  return node.parent?.type === 'property' ? node.parent.children?.[1] : undefined;
}
