/**
 * Which tenant policy a policy file belongs to. The client asks this module instead of
 * parsing policy JSON itself; the lenient parse still finds the id in a file that has
 * syntax errors further down (the user may be mid-edit).
 */
import { findNodeAtLocation, parseTree } from 'jsonc-parser';

export function policyIdOf(text: string): number | undefined {
  const root = parseTree(text, [], { allowTrailingComma: true, disallowComments: false });
  const node = root && findNodeAtLocation(root, ['policyId']);
  return node?.type === 'number' && Number.isInteger(node.value) && node.value > 0 ? (node.value as number) : undefined;
}
