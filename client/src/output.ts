/** The "Qualys" output channel: one line per API request (method, path, status, duration), never secrets. */
import * as vscode from 'vscode';
import type { ApiLogEntry } from './api';

export function createOutput(): vscode.OutputChannel {
  return vscode.window.createOutputChannel('Qualys');
}

export function formatRequest(e: ApiLogEntry): string {
  const outcome = e.status !== undefined ? String(e.status) : 'no response';
  const retry = e.attempt > 1 ? ` (attempt ${e.attempt})` : '';
  const note = e.note ? ` — ${e.note}` : '';
  return `${e.method} ${e.path} → ${outcome} in ${Math.round(e.durationMs)} ms${retry}${note}`;
}

export function logLine(output: vscode.OutputChannel, line: string): void {
  output.appendLine(`[${new Date().toISOString().slice(11, 19)}] ${line}`);
}
