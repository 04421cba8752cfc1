/**
 * Live what-if evaluation of a policy document against loaded posture evidence.
 *
 * Kept per document by the caller. `update` runs after every parse, on the same path
 * as validation; it re-evaluates only the controls whose evaluation text (the
 * `technologies[].technologyId` and `evaluate` slices) changed, so one edited value
 * costs one control's postures, whatever the size of the evidence.
 */
import { getNodeValue, type Node } from 'jsonc-parser';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { FlipCounts, StatusCounts } from '../../../../common/src/evaluationProtocol';
import type { PostureStatus } from '../../model/catalog';
import type { DataPoint } from '../../model/policy';
import { arrayItems, numberProperty, propertyValue, stringProperty } from '../jsonPath';
import type { ParsedPolicy } from '../parse';
import { compileDataPoint, type EvaluationOutcome } from './engine';
import type { EvidenceIndex, HostPosture } from './evidence';

type Evaluator = (values: readonly string[]) => EvaluationOutcome;

/** The postures of one technology of a control, with their statuses under the current text. */
export interface TechnologyEvaluation {
  readonly technologyId: number;
  readonly postures: readonly HostPosture[];
  /** STATUS_CODES index per posture, parallel to `postures` (reasons are recomputed on demand). */
  readonly statuses: Uint8Array;
  /** Evaluates one posture's values again, for its reason. */
  readonly evaluate: Evaluator;
}

export interface ControlView {
  readonly controlId: number;
  readonly statement?: string;
  /** Offset and length of the control object in the current text. */
  readonly offset: number;
  readonly length: number;
  readonly counts: StatusCounts;
  readonly flips: FlipCounts;
  readonly technologies: readonly TechnologyEvaluation[];
  /** Postures of technologies the control no longer has: not evaluated. */
  readonly notEvaluated: number;
}

/** One evaluated posture, for hovers and lists. */
export interface HostResult {
  readonly posture: HostPosture;
  readonly technologyId: number;
  readonly status: PostureStatus;
  readonly reason: string;
}

export const STATUS_CODES: readonly PostureStatus[] = ['Passed', 'Failed', 'Error'];

interface ControlState extends ControlView {
  /** The evaluation text the results were computed from. */
  readonly key: string;
}

export interface UpdateResult {
  /** Controls evaluated in this update (changed text, or new to the document). */
  readonly reevaluated: readonly number[];
  /** True when anything a client shows changed (counts, or controls appearing/disappearing). */
  readonly changed: boolean;
}

export class LiveEvaluation {
  private controls: ControlState[] = [];
  private byId = new Map<number, ControlState>();
  /**
   * Every control evaluated so far (bounded by the evidence's controls): one that drops
   * out of the parse while the text is broken comes back without being evaluated again.
   */
  private readonly evaluated = new Map<number, ControlState>();

  constructor(readonly evidence: EvidenceIndex) {}

  /** Brings the results up to date with `document`; see the module comment. */
  update(document: TextDocument, parsed: ParsedPolicy): UpdateResult {
    const text = document.getText();
    const next: ControlState[] = [];
    const nextById = new Map<number, ControlState>();
    const reevaluated: number[] = [];
    let changed = false;
    for (const control of controlNodes(parsed.root)) {
      const controlId = numberProperty(control, 'controlId');
      if (controlId === undefined || nextById.has(controlId)) continue;
      const technologies = this.evidence.byControl.get(controlId);
      if (!technologies) continue;
      const techNodes = arrayItems(control, 'technologies');
      const key = evaluationKey(text, techNodes);
      const previous = this.evaluated.get(controlId);
      let state: ControlState;
      if (previous && previous.key === key) {
        state = { ...previous, offset: control.offset, length: control.length, statement: stringProperty(control, 'statement') };
      } else {
        state = evaluateControl(controlId, control, techNodes, technologies, key);
        reevaluated.push(controlId);
        this.evaluated.set(controlId, state);
      }
      const shown = this.byId.get(controlId);
      if (!shown || !sameCounts(shown.counts, state.counts)) changed = true;
      next.push(state);
      nextById.set(controlId, state);
    }
    if (next.length !== this.controls.length) changed = true;
    this.controls = next;
    this.byId = nextById;
    return { reevaluated, changed };
  }

  /** Controls with evidence, in document order. */
  get controlViews(): readonly ControlView[] {
    return this.controls;
  }

  control(controlId: number): ControlView | undefined {
    return this.byId.get(controlId);
  }

  totals(): { counts: StatusCounts; flips: FlipCounts } {
    const counts = emptyCounts();
    const flips = emptyFlips();
    for (const c of this.controls) {
      addCounts(counts, c.counts);
      flips.toPassed += c.flips.toPassed;
      flips.toFailed += c.flips.toFailed;
      flips.toError += c.flips.toError;
    }
    return { counts, flips };
  }
}

/**
 * The hosts of a control, changed ones first, then Failed, Error, Passed; at most `limit`.
 * Reasons are computed here, only for the hosts returned.
 */
export function controlHosts(view: ControlView, options: { limit: number; changedOnly?: boolean; technologyId?: number }): HostResult[] {
  const order = (status: number, recorded: PostureStatus): number => (STATUS_CODES[status] !== recorded ? 0 : status === 1 ? 1 : status === 2 ? 2 : 3);
  const picked: { rank: number; tech: TechnologyEvaluation; index: number }[] = [];
  for (let rank = 0; rank <= (options.changedOnly ? 0 : 3) && picked.length < options.limit; rank++) {
    for (const tech of view.technologies) {
      if (options.technologyId !== undefined && tech.technologyId !== options.technologyId) continue;
      for (let i = 0; i < tech.postures.length && picked.length < options.limit; i++) {
        if (order(tech.statuses[i]!, tech.postures[i]!.recorded) === rank) picked.push({ rank, tech, index: i });
      }
    }
  }
  return picked.map(({ tech, index }) => {
    const posture = tech.postures[index]!;
    const outcome = tech.evaluate(posture.values);
    return { posture, technologyId: tech.technologyId, status: outcome.status, reason: outcome.reason };
  });
}

export function emptyCounts(): StatusCounts {
  return { passed: 0, failed: 0, error: 0, changed: 0 };
}

export function emptyFlips(): FlipCounts {
  return { toPassed: 0, toFailed: 0, toError: 0 };
}

function addCounts(into: StatusCounts, add: StatusCounts): void {
  into.passed += add.passed;
  into.failed += add.failed;
  into.error += add.error;
  into.changed += add.changed;
}

function sameCounts(a: StatusCounts, b: StatusCounts): boolean {
  return a.passed === b.passed && a.failed === b.failed && a.error === b.error && a.changed === b.changed;
}

/** Every control object of the document, in order. */
function* controlNodes(root: Node | undefined): Generator<Node> {
  for (const section of arrayItems(root, 'sections')) {
    for (const control of arrayItems(section, 'controls')) {
      if (control.type === 'object') yield control;
    }
  }
}

/** What a control's evaluation depends on: each technology's id and `evaluate` text. */
function evaluationKey(text: string, techNodes: readonly Node[]): string {
  const parts: string[] = [];
  for (const tech of techNodes) {
    const evaluate = propertyValue(tech, 'evaluate');
    parts.push(`${numberProperty(tech, 'technologyId') ?? '?'}:${evaluate ? text.slice(evaluate.offset, evaluate.offset + evaluate.length) : ''}`);
  }
  return parts.join('\u0000');
}

function evaluateControl(
  controlId: number,
  control: Node,
  techNodes: readonly Node[],
  evidence: ReadonlyMap<number, readonly HostPosture[]>,
  key: string,
): ControlState {
  const evaluators = new Map<number, Evaluator>();
  for (const tech of techNodes) {
    const technologyId = numberProperty(tech, 'technologyId');
    if (technologyId !== undefined && !evaluators.has(technologyId)) evaluators.set(technologyId, evaluatorFor(propertyValue(tech, 'evaluate')));
  }
  const counts = emptyCounts();
  const flips = emptyFlips();
  const technologies: TechnologyEvaluation[] = [];
  let notEvaluated = 0;
  for (const [technologyId, postures] of evidence) {
    const evaluate = evaluators.get(technologyId);
    if (!evaluate) {
      notEvaluated += postures.length;
      continue;
    }
    const statuses = new Uint8Array(postures.length);
    for (let i = 0; i < postures.length; i++) {
      const posture = postures[i]!;
      const status = evaluate(posture.values).status;
      const code = status === 'Passed' ? 0 : status === 'Failed' ? 1 : 2;
      statuses[i] = code;
      if (code === 0) counts.passed++;
      else if (code === 1) counts.failed++;
      else counts.error++;
      if (status !== posture.recorded) {
        counts.changed++;
        if (code === 0) flips.toPassed++;
        else if (code === 1) flips.toFailed++;
        else flips.toError++;
      }
    }
    technologies.push({ technologyId, postures, statuses, evaluate });
  }
  return { controlId, statement: stringProperty(control, 'statement'), offset: control.offset, length: control.length, counts, flips, technologies, notEvaluated, key };
}

/**
 * An evaluator for one `evaluate` node. The engine turns a broken data point into an
 * Error with the reason; a missing one (mid-edit) does the same here, rather than
 * hiding the control's results.
 */
function evaluatorFor(evaluate: Node | undefined): Evaluator {
  const value = evaluate ? (getNodeValue(evaluate) as unknown) : undefined;
  const dp = typeof value === 'object' && value !== null ? (value as { dp?: unknown }).dp : undefined;
  if (typeof dp !== 'object' || dp === null || Array.isArray(dp)) {
    const outcome: EvaluationOutcome = { status: 'Error', reason: 'this technology has no evaluate.dp' };
    return () => outcome;
  }
  return compileDataPoint(dp as DataPoint);
}
