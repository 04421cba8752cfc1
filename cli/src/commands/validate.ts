/**
 * `qualys-policy validate <file…> [--format text|json|sarif]`: the editor's checks,
 * headless, for CI. Output formats and exit codes are a contract (see README).
 */
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { createLanguageService } from '../../../server/src/service/languageService';
import { DIAGNOSTIC_CODES } from '../../../server/src/service/validation/codes';
import type { Finding } from '../../../server/src/service/validation/findings';
import { parseArgs } from '../args';
import { CliError, EXIT_FINDINGS, EXIT_OK, type CliIo } from '../io';

export const usage = 'validate <file…> [--format text|json|sarif]   check policy files as the editor does (exit 1 on errors)';

const FORMATS = ['text', 'json', 'sarif'] as const;
type Format = (typeof FORMATS)[number];

/** One problem, as printed by `--format json` (1-based lines and columns). */
export interface ValidateProblem {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: 'error' | 'warning' | 'info';
  code: string;
  message: string;
}

export async function run(argv: string[], io: CliIo): Promise<number> {
  const { positionals, options } = parseArgs(argv, { format: { value: true, choices: FORMATS } });
  const format = (options.format as Format | undefined) ?? 'text';
  if (positionals.length === 0) throw new CliError(`no files given\nusage: qualys-policy ${usage}`);

  const service = createLanguageService();
  const problems: ValidateProblem[] = [];
  for (const file of positionals) {
    const absolute = path.resolve(io.cwd, file);
    let text: string;
    try {
      text = await readFile(absolute, 'utf8');
    } catch (e) {
      const reason = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as NodeJS.ErrnoException).code === 'EISDIR' ? 'is a directory' : (e as Error).message;
      throw new CliError(`cannot read ${file}: ${reason}`);
    }
    const document = TextDocument.create(pathToFileURL(absolute).toString(), 'qualys-policy', 1, text);
    const findings = service.findProblems(document, service.parse(document));
    problems.push(...findings.map((f) => toProblem(file, document, f)));
  }

  if (format === 'json') io.stdout(JSON.stringify(problems, null, 2) + '\n');
  else if (format === 'sarif') io.stdout(JSON.stringify(toSarif(problems, io.cwd), null, 2) + '\n');
  else io.stdout(toText(problems, positionals.length));
  return problems.some((p) => p.severity === 'error') ? EXIT_FINDINGS : EXIT_OK;
}

function toProblem(file: string, document: TextDocument, f: Finding): ValidateProblem {
  const start = document.positionAt(f.offset);
  const end = document.positionAt(f.offset + f.length);
  return {
    file,
    line: start.line + 1,
    column: start.character + 1,
    endLine: end.line + 1,
    endColumn: end.character + 1,
    severity: f.severity,
    code: f.code,
    message: f.message,
  };
}

function toText(problems: readonly ValidateProblem[], files: number): string {
  const lines = problems.map((p) => `${p.file}:${p.line}:${p.column}: ${p.severity} ${p.code}: ${p.message}`);
  const count = (s: ValidateProblem['severity']) => problems.filter((p) => p.severity === s).length;
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  lines.push(`${plural(count('error'), 'error')}, ${plural(count('warning'), 'warning')}, ${count('info')} info in ${plural(files, 'file')}`);
  return lines.join('\n') + '\n';
}

const SARIF_LEVEL = { error: 'error', warning: 'warning', info: 'note' } as const;

/**
 * A file as a SARIF `artifactLocation`: a relative path stays relative to the directory the
 * CLI ran in (`%SRCROOT%`, which code-scanning UIs map to the checkout), an absolute one
 * becomes a `file:` URI. Either way percent-encoded: SARIF wants URIs, not raw paths.
 */
function artifactLocation(file: string): { uri: string; uriBaseId?: string } {
  if (path.isAbsolute(file)) return { uri: pathToFileURL(file).href };
  // Backslashes separate directories on Windows only; elsewhere they are part of a name.
  const segments = file.split(path.sep === '\\' ? /[\\/]/ : '/').map((s) => encodeURIComponent(s));
  return { uri: segments.join('/'), uriBaseId: '%SRCROOT%' };
}

/** SARIF 2.1.0, as GitHub code scanning and other code-scanning UIs read it. */
export function toSarif(problems: readonly ValidateProblem[], cwd: string): object {
  const ruleIds = [...new Set(problems.map((p) => p.code))].sort();
  const root = pathToFileURL(cwd).href;
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'qualys-policy', rules: ruleIds.map((id) => ({ id, shortDescription: { text: DIAGNOSTIC_CODES[id] ?? id } })) } },
        originalUriBaseIds: { '%SRCROOT%': { uri: root.endsWith('/') ? root : `${root}/` } },
        columnKind: 'utf16CodeUnits',
        results: problems.map((p) => ({
          ruleId: p.code,
          ruleIndex: ruleIds.indexOf(p.code),
          level: SARIF_LEVEL[p.severity],
          message: { text: p.message },
          locations: [
            {
              physicalLocation: {
                artifactLocation: artifactLocation(p.file),
                region: { startLine: p.line, startColumn: p.column, endLine: p.endLine, endColumn: p.endColumn },
              },
            },
          ],
        })),
      },
    ],
  };
}
