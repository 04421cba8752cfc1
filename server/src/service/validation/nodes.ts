/** Small helpers over jsonc `Node` trees used by several rule families. */
import type { Node } from 'jsonc-parser';

/**
 * The JS value of a node. Properties without a value (the user is still typing) are left
 * out, so schema checks don't pile on top of the syntax error. `skip` replaces whole
 * subtrees (e.g. the controls of a section, validated separately and cached).
 */
export function nodeToValue(node: Node, skip?: (node: Node) => unknown): unknown {
  switch (node.type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const prop of node.children ?? []) {
        const [k, v] = prop.children ?? [];
        if (!k || !v) continue;
        const replaced = skip?.(v);
        const value = replaced !== undefined ? replaced : nodeToValue(v, skip);
        // As JSON.parse does: "__proto__" is a plain own property, never the prototype.
        if (k.value === '__proto__') Object.defineProperty(out, '__proto__', { value, enumerable: true, writable: true, configurable: true });
        else out[k.value as string] = value;
      }
      return out;
    }
    case 'array':
      return (node.children ?? []).map((c) => nodeToValue(c, skip));
    default:
      return node.value;
  }
}

/** The node at an ajv instancePath ("/sections/0/controls") below `node`. */
export function nodeAtPointer(node: Node, pointer: string): Node | undefined {
  if (pointer === '') return node;
  let current: Node | undefined = node;
  for (const raw of pointer.slice(1).split('/')) {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (!current) return undefined;
    if (current.type === 'array') {
      current = current.children?.[Number(seg)];
    } else if (current.type === 'object') {
      current = propertyNode(current, seg)?.children?.[1];
    } else {
      return undefined;
    }
  }
  return current;
}

/** The property node (key + value) named `key` of an object node (last one wins, as in JSON.parse). */
export function propertyNode(obj: Node, key: string): Node | undefined {
  let found: Node | undefined;
  for (const prop of obj.children ?? []) {
    if (prop.children?.[0]?.value === key) found = prop;
  }
  return found;
}

/** The key node of the property that holds `node`, or undefined for array items / the root. */
export function keyOf(node: Node): Node | undefined {
  return node.parent?.type === 'property' ? node.parent.children?.[0] : undefined;
}

/** Where to underline an object as a whole: its property key, or its opening brace. */
export function objectAnchor(node: Node): { offset: number; length: number } {
  const key = keyOf(node);
  return key ? { offset: key.offset, length: key.length } : { offset: node.offset, length: 1 };
}

/** The property node plus its following (or else preceding) comma: what to delete to remove it cleanly. */
export function propertyDeletionRange(text: string, prop: Node): { offset: number; length: number } {
  let start = prop.offset;
  let end = prop.offset + prop.length;
  let j = end;
  while (j < text.length && /\s/.test(text[j])) j++;
  if (text[j] === ',') {
    end = j + 1;
  } else {
    let i = start - 1;
    while (i >= 0 && /\s/.test(text[i])) i--;
    if (text[i] === ',') start = i;
  }
  // Take the leading whitespace of the line too, so no blank line remains.
  let ls = start;
  while (ls > 0 && (text[ls - 1] === ' ' || text[ls - 1] === '\t')) ls--;
  if (ls === 0 || text[ls - 1] === '\n') {
    let le = end;
    while (le < text.length && (text[le] === ' ' || text[le] === '\t')) le++;
    if (text[le] === '\r') le++;
    if (text[le] === '\n') return { offset: ls, length: le + 1 - ls };
  }
  return { offset: start, length: end - start };
}
