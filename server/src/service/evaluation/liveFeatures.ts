/**
 * What the editor shows of a live evaluation: CodeLens counts per control, a hover
 * listing hosts, the one-line push summary, and the protocol shapes for the client.
 */
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { MarkupKind, Range, type CodeLens, type Hover, type Position } from 'vscode-languageserver-types';
import {
  CHANGED_HOSTS_CAP,
  type ControlEvaluation,
  type ControlHostsResult,
  type EvaluationResultsParams,
  type EvaluationSummary,
  type EvidenceSource,
  type FlipCounts,
  type HostEvaluation,
  type StatusCounts,
} from '../../../../common/src/evaluationProtocol';
import { elementAtOffset, numberProperty, objectAt } from '../jsonPath';
import { escapeMarkdown, inlineCode } from '../markdown';
import type { ParsedPolicy } from '../parse';
import { controlHosts, type ControlView, type HostResult, type LiveEvaluation } from './live';

export const SHOW_CONTROL_HOSTS_COMMAND = 'qualysPolicy.showControlHosts';

/** Hosts listed in a hover before "and N more". */
export const HOVER_HOST_LIMIT = 10;
/** Collected values shown per host, and their length, in hovers and lists. */
const VALUE_LIMIT = 3;
const VALUE_LENGTH = 80;

/** `✓ 41 passed · ✗ 3 failed · ⚠ 1 error · Δ 2 would change` */
export function countsTitle(counts: StatusCounts): string {
  return `✓ ${counts.passed} passed · ✗ ${counts.failed} failed · ⚠ ${counts.error} error · Δ ${counts.changed} would change`;
}

/** One lens per control that has evidence, on the control's first line. */
export function getEvaluationCodeLenses(document: TextDocument, live: LiveEvaluation): CodeLens[] {
  return live.controlViews.map((view) => {
    const start = document.positionAt(view.offset);
    return {
      range: Range.create(start, start),
      command: { title: countsTitle(view.counts), command: SHOW_CONTROL_HOSTS_COMMAND, arguments: [document.uri, view.controlId] },
    };
  });
}

/**
 * The evaluation part of a hover: on a control's `controlId`, its hosts; on a data
 * point's `v` (the value being edited), the hosts of that technology. Null elsewhere.
 */
export function doEvaluationHover(document: TextDocument, parsed: ParsedPolicy, position: Position, live: LiveEvaluation): Hover | null {
  const found = elementAtOffset(parsed.root, document.offsetAt(position));
  if (!found) return null;
  const { element, node } = found;
  let technologyId: number | undefined;
  if (element.kind === 'dataPoint' && element.rest[0] === 'v') {
    // …controls/j/technologies/k/evaluate/dp: the technology object is 2 levels up.
    technologyId = numberProperty(objectAt(parsed.root, element.path.slice(0, -2)), 'technologyId');
    if (technologyId === undefined) return null;
  } else if (!(element.kind === 'control' && element.rest.length === 1 && element.rest[0] === 'controlId')) {
    return null;
  }
  const controlId = numberProperty(objectAt(parsed.root, element.path.slice(0, 4)), 'controlId');
  const view = controlId !== undefined ? live.control(controlId) : undefined;
  if (!view) return null;
  return {
    contents: { kind: MarkupKind.Markdown, value: controlHoverMarkdown(view, technologyId) },
    range: Range.create(document.positionAt(node.offset), document.positionAt(node.offset + node.length)),
  };
}

/** Counts, then a table of hosts (changed first), capped with "and N more". */
export function controlHoverMarkdown(view: ControlView, technologyId?: number): string {
  const lines: string[] = [`**Evaluation against posture evidence**: ${escapeMarkdown(countsTitle(view.counts))}`];
  const hosts = controlHosts(view, { limit: HOVER_HOST_LIMIT, technologyId });
  const total = technologyId === undefined ? view.technologies.reduce((n, t) => n + t.postures.length, 0) : (view.technologies.find((t) => t.technologyId === technologyId)?.postures.length ?? 0);
  if (hosts.length > 0) {
    lines.push(
      ['| Host | Technology | Current values | Status | Reason |', '|---|---|---|---|---|', ...hosts.map(hostRow)].join('\n'),
    );
  }
  if (total > hosts.length) lines.push(`and ${total - hosts.length} more (run **Show Hosts for Control** from the CodeLens)`);
  if (view.notEvaluated > 0) lines.push(`${view.notEvaluated} posture(s) of technologies this control no longer has are not evaluated.`);
  return lines.join('\n\n');
}

function hostRow(h: HostResult): string {
  const host = h.posture.ip && h.posture.ip !== h.posture.hostName ? `${h.posture.hostName} (${h.posture.ip})` : h.posture.hostName;
  const technology = h.posture.technologyName ?? String(h.technologyId);
  const values = displayValues(h.posture.values).map((v) => inlineCode(v)).join(', ') || '*empty*';
  const status = h.status === h.posture.recorded ? h.status : `${h.posture.recorded} → **${h.status}**`;
  return `| ${cell(host)} | ${cell(technology)} | ${values.replace(/\|/g, '\\|')} | ${status} | ${cell(h.reason)} |`;
}

/** Table cells: escaped, on one line. */
function cell(text: string): string {
  return escapeMarkdown(text.replace(/\s+/g, ' ')).replace(/\|/g, '\\|');
}

function displayValues(values: readonly string[]): string[] {
  const shown = values.slice(0, VALUE_LIMIT).map((v) => (v.length > VALUE_LENGTH ? `${v.slice(0, VALUE_LENGTH)}…` : v).replace(/\s+/g, ' '));
  if (values.length > VALUE_LIMIT) shown.push(`… ${values.length - VALUE_LIMIT} more`);
  return shown;
}

// ------------------------------------------------------------- protocol shapes

function toHostEvaluation(h: HostResult): HostEvaluation {
  return {
    hostId: h.posture.hostId,
    hostName: h.posture.hostName,
    ip: h.posture.ip,
    technologyId: h.technologyId,
    technologyName: h.posture.technologyName,
    currentValues: displayValues(h.posture.values),
    recordedStatus: h.posture.recorded,
    status: h.status,
    reason: h.reason,
  };
}

function controlEvaluation(document: TextDocument, view: ControlView): ControlEvaluation {
  return {
    controlId: view.controlId,
    statement: view.statement,
    line: document.positionAt(view.offset).line,
    counts: view.counts,
    changedHosts: view.counts.changed > 0 ? controlHosts(view, { limit: CHANGED_HOSTS_CAP, changedOnly: true }).map(toHostEvaluation) : [],
  };
}

export function evaluationResults(document: TextDocument, live: LiveEvaluation, source: EvidenceSource): EvaluationResultsParams {
  const { counts, flips } = live.totals();
  return { uri: document.uri, version: document.version, source, totals: counts, flips, controls: live.controlViews.map((v) => controlEvaluation(document, v)) };
}

export function controlHostsResult(document: TextDocument, view: ControlView, limit: number): ControlHostsResult {
  return {
    controlId: view.controlId,
    statement: view.statement,
    line: document.positionAt(view.offset).line,
    counts: view.counts,
    hosts: controlHosts(view, { limit }).map(toHostEvaluation),
  };
}

export function evaluationSummary(document: TextDocument, live: LiveEvaluation, source: EvidenceSource): EvaluationSummary {
  const { counts, flips } = live.totals();
  const changedControls = live.controlViews.filter((v) => v.counts.changed > 0).length;
  return { uri: document.uri, version: document.version, source, totals: counts, flips, changedControls, text: summaryText(flips, changedControls) };
}

/** "This push flips 12 hosts to Failed and 3 to Passed (2 controls)." or "…changes no host's status." */
export function summaryText(flips: FlipCounts, changedControls: number): string {
  const parts: string[] = [];
  const add = (n: number, status: string): void => {
    if (n > 0) parts.push(parts.length === 0 ? `${n} ${n === 1 ? 'host' : 'hosts'} to ${status}` : `${n} to ${status}`);
  };
  add(flips.toFailed, 'Failed');
  add(flips.toPassed, 'Passed');
  add(flips.toError, 'Error');
  if (parts.length === 0) return 'This push changes no host’s status against the loaded evidence.';
  const list = parts.length === 1 ? parts[0] : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
  return `This push flips ${list} (${changedControls} ${changedControls === 1 ? 'control' : 'controls'}).`;
}
