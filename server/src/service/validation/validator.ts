/**
 * Runs every rule family over a parsed document. Per-control results are cached, so a
 * keystroke revalidates only the control it touched; the shell schema check and the
 * cross-control rules are cheap and run every time. Two caches:
 * - by node identity, for trees the incremental reparse updated in place (no hashing of
 *   megabytes of text per keystroke);
 * - by the control's exact source text, for full reparses (e.g. after a syntax error),
 *   built from the previous run only when many controls miss the node cache.
 */
import type { Node } from 'jsonc-parser';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { ServerSettings } from '../../../../common/src/settings';
import { changedInPlace, type ParsedPolicy, type SyntaxProblem } from '../parse';
import { shiftFinding, withSeverity, type Finding } from './findings';
import { validateControl, type ControlResult, type Ref } from './controlRules';
import { propertyNode } from './nodes';
import { validatePostureSchema, validateShell, validateControlSchema } from './schema';
import { validateStructure, type PolicyTechnology, type SectionInfo } from './structureRules';
import { syntaxFindings } from './syntax';

export type DocumentKind = 'policy' | 'postures';

/** Posture files (an array of postureInfo records) are checked against the posture schema instead. */
export function documentKind(root: Node | undefined): DocumentKind {
  const first = root?.type === 'array' ? root.children?.[0] : root;
  if (first?.type === 'object' && propertyNode(first, 'hostId') && propertyNode(first, 'controlId') && !propertyNode(first, 'sections')) return 'postures';
  return 'policy';
}

/** Does a syntax problem lie within `node`? (Problems are few; a linear scan is fine.) */
function hasErrorIn(errors: readonly SyntaxProblem[], node: Node): boolean {
  const end = node.offset + node.length;
  // `<=`: an unclosed control ends where its CloseBraceExpected (length 0) is reported.
  return errors.some((e) => e.offset <= end && e.offset + e.length >= node.offset);
}

function child(obj: Node | undefined, key: string): Node | undefined {
  return obj?.type === 'object' ? propertyNode(obj, key)?.children?.[1] : undefined;
}

function absRef<T>(node: Node | undefined, type: 'number' | 'string'): Ref<T> | undefined {
  return node?.type === type ? { value: node.value as T, offset: node.offset, length: node.length } : undefined;
}

/** One control as seen by the last run over a document. */
interface SeenControl {
  offset: number;
  length: number;
  result: ControlResult;
}

interface LastRun {
  text: string;
  controls: SeenControl[];
}

export class PolicyValidator {
  private readonly byNode = new WeakMap<Node, ControlResult>();
  /** uri → what the last run saw, for the text-keyed fallback. */
  private readonly lastRuns = new Map<string, LastRun>();

  forget(uri: string): void {
    this.lastRuns.delete(uri);
  }

  /** The cached result of a control, if its node is known and unchanged. */
  private cachedByNode(control: Node): ControlResult | undefined {
    if (changedInPlace.has(control)) {
      changedInPlace.delete(control);
      return undefined;
    }
    return this.byNode.get(control);
  }

  /** Control source text → result, from the last run (costly: hashes the whole previous text). */
  private textIndex(last: LastRun | undefined): Map<string, ControlResult> {
    const index = new Map<string, ControlResult>();
    for (const c of last?.controls ?? []) index.set(last!.text.slice(c.offset, c.offset + c.length), c.result);
    return index;
  }

  validate(document: TextDocument, parsed: ParsedPolicy, settings: ServerSettings): Finding[] {
    if (!settings.validation.enable) return [];
    const findings = syntaxFindings(parsed.syntaxErrors);
    const root = parsed.root;
    if (!root && parsed.syntaxErrors.length === 0 && document.getText().trim() === '') {
      // An empty file is not a policy (Qualys rejects it); `validate` in CI must not pass it.
      findings.push({ offset: 0, length: 0, severity: 'error', code: 'json-syntax', message: 'The file is empty: a policy is a JSON object ({ … }).' });
    }
    if (root) {
      if (documentKind(root) === 'postures') findings.push(...this.validatePostures(root));
      else findings.push(...this.validatePolicy(document, root, parsed.syntaxErrors));
    }
    const out: Finding[] = [];
    for (const f of findings) {
      const g = f.code === 'unknown-field' ? withSeverity(f, settings.validation.unknownFields) : f;
      if (g) out.push(g);
    }
    return out.sort((a, b) => a.offset - b.offset);
  }

  private validatePostures(root: Node): Finding[] {
    const items = root.type === 'array' ? (root.children ?? []) : [root];
    return items.flatMap((item) => validatePostureSchema(item));
  }

  private validatePolicy(document: TextDocument, root: Node, errors: readonly SyntaxProblem[]): Finding[] {
    const text = document.getText();
    const last = this.lastRuns.get(document.uri);
    const seen: SeenControl[] = [];
    let index: Map<string, ControlResult> | undefined;
    const findings = validateShell(root);

    // First pass: node-cache hits; a full reparse misses on every control.
    const controlNodes: Node[] = [];
    const sectionOf: SectionInfo[] = [];

    const sections: SectionInfo[] = [];
    const sectionsNode = child(root, 'sections');
    (sectionsNode?.type === 'array' ? (sectionsNode.children ?? []) : []).forEach((section, index) => {
      const info: SectionInfo = { index, sectionNumber: absRef(child(section, 'sectionNumber'), 'number'), controls: [] };
      sections.push(info);
      const controls = child(section, 'controls');
      if (controls?.type !== 'array') return;
      for (const control of controls.children ?? []) {
        if (control.type !== 'object') {
          findings.push(...validateControlSchema(control));
          continue;
        }
        controlNodes.push(control);
        sectionOf.push(info);
      }
    });
    const results = controlNodes.map((c) => this.cachedByNode(c));
    const misses = results.filter((r) => !r).length;
    controlNodes.forEach((control, i) => {
      let result = results[i];
      if (!result) {
        // One miss is the control being edited: not worth hashing the document to find it.
        if (misses > 1) index ??= this.textIndex(last);
        result = index?.get(text.slice(control.offset, control.offset + control.length)) ?? validateControl(control, text, !hasErrorIn(errors, control));
        this.byNode.set(control, result);
      }
      seen.push({ offset: control.offset, length: control.length, result });
      for (const f of result.findings) findings.push(shiftFinding(f, control.offset));
      sectionOf[i].controls.push({ offset: control.offset, summary: result.summary });
    });
    this.lastRuns.set(document.uri, { text, controls: seen });

    const techNode = child(root, 'technologies');
    const technologies: PolicyTechnology[] | undefined =
      techNode?.type === 'array'
        ? (techNode.children ?? []).map((t) => ({ id: absRef<number>(child(t, 'technologyId'), 'number'), name: absRef<string>(child(t, 'technologyName'), 'string') }))
        : undefined;
    findings.push(...validateStructure({ sections, technologies, root }));
    return findings;
  }
}
