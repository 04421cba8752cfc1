/**
 * Builds a policy document from a string with a cursor marker `|`, json-languageservice
 * style, for tests of the language-service features.
 */
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CompletionItem, Position, TextEdit } from 'vscode-languageserver-types';
import { DEFAULT_SERVER_SETTINGS } from '../../../common/src/settings';
import type { Technology } from '../../../server/src/model/policy';
import type { ServiceContext } from '../../../server/src/service/context';
import { parsePolicy, type ParsedPolicy } from '../../../server/src/service/parse';

export interface CursorDocument {
  document: TextDocument;
  parsed: ParsedPolicy;
  position: Position;
  offset: number;
}

/** `text` with exactly one `|` marking the cursor (use `||` nowhere else). */
export function cursorDocument(textWithCursor: string): CursorDocument {
  const offset = textWithCursor.indexOf('|');
  if (offset < 0 || textWithCursor.indexOf('|', offset + 1) >= 0) throw new Error('test text needs exactly one | cursor marker');
  const text = textWithCursor.slice(0, offset) + textWithCursor.slice(offset + 1);
  const document = TextDocument.create('file:///test.policy.json', 'qualys-policy', 1, text);
  return { document, parsed: parsePolicy(document), position: document.positionAt(offset), offset };
}

export function plainDocument(text: string): { document: TextDocument; parsed: ParsedPolicy } {
  const document = TextDocument.create('file:///test.policy.json', 'qualys-policy', 1, text);
  return { document, parsed: parsePolicy(document) };
}

export function serviceContext(libraryTechnologies: readonly Technology[] = []): ServiceContext {
  return { settings: DEFAULT_SERVER_SETTINGS, libraryTechnologies };
}

/** The document text after applying a completion item's text edit. */
export function applyCompletion(document: TextDocument, item: CompletionItem): string {
  const edit = item.textEdit as TextEdit | undefined;
  if (!edit || !('range' in edit)) throw new Error(`completion ${item.label} has no text edit`);
  return TextDocument.applyEdits(document, [edit]);
}

/** A snippet with its tab stops resolved to their defaults (first choice, placeholder text). */
export function expandSnippet(snippet: string): string {
  return snippet
    .replace(/\$\{\d+\|([^|]*)\|\}/g, (_, choices: string) => choices.split(/(?<!\\),/)[0]!)
    .replace(/\$\{\d+:([^}]*)\}/g, '$1')
    .replace(/\$\{\d+\}/g, '')
    .replace(/\$\d+/g, '')
    .replace(/\\([\\$}|,])/g, '$1');
}
