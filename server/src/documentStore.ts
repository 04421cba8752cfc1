/**
 * Open documents and their parses. Unlike `TextDocuments`, it sees each content change,
 * so a keystroke inside one control reparses only that control (see `parse.ts`).
 * Parsing is eager when the incremental path applies and lazy otherwise.
 */
import { Emitter, type Connection, type Disposable, type Event } from 'vscode-languageserver/node';
import { TextDocument, type TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import type { ParsedPolicy } from './service/parse';
import type { PolicyLanguageService } from './service/languageService';

interface Entry {
  document: TextDocument;
  parsed: ParsedPolicy | undefined;
}

export interface DocumentChangeEvent {
  document: TextDocument;
}

export class DocumentStore {
  private readonly entries = new Map<string, Entry>();
  private readonly changed = new Emitter<DocumentChangeEvent>();
  private readonly opened = new Emitter<DocumentChangeEvent>();
  private readonly closed = new Emitter<DocumentChangeEvent>();

  /** Fired after open and after every change (like `TextDocuments.onDidChangeContent`). */
  readonly onDidChangeContent: Event<DocumentChangeEvent> = this.changed.event;
  readonly onDidOpen: Event<DocumentChangeEvent> = this.opened.event;
  readonly onDidClose: Event<DocumentChangeEvent> = this.closed.event;

  constructor(private readonly service: PolicyLanguageService) {}

  listen(connection: Connection): Disposable[] {
    return [
      connection.onDidOpenTextDocument(({ textDocument: t }) => {
        const document = TextDocument.create(t.uri, t.languageId, t.version, t.text);
        this.entries.set(t.uri, { document, parsed: undefined });
        this.opened.fire({ document });
        this.changed.fire({ document });
      }),
      connection.onDidChangeTextDocument(({ textDocument: t, contentChanges }) => {
        const entry = this.entries.get(t.uri);
        if (!entry || contentChanges.length === 0) return;
        this.applyChanges(entry, contentChanges, t.version);
        this.changed.fire({ document: entry.document });
      }),
      connection.onDidCloseTextDocument(({ textDocument: t }) => {
        const entry = this.entries.get(t.uri);
        if (!entry) return;
        this.entries.delete(t.uri);
        this.service.closeDocument(t.uri);
        this.closed.fire({ document: entry.document });
      }),
    ];
  }

  private applyChanges(entry: Entry, changes: TextDocumentContentChangeEvent[], version: number): void {
    const previous = entry.parsed;
    entry.document = TextDocument.update(entry.document, changes, version);
    // Reparse now only when it is cheap (the incremental path applies); else parse on demand.
    entry.parsed = previous ? this.service.reparse(entry.document, previous, changes) : undefined;
  }

  get(uri: string): TextDocument | undefined {
    return this.entries.get(uri)?.document;
  }

  all(): TextDocument[] {
    return [...this.entries.values()].map((e) => e.document);
  }

  /** The parse of the document's current version (parsed now if needed). */
  getParsed(uri: string): { document: TextDocument; parsed: ParsedPolicy } | undefined {
    const entry = this.entries.get(uri);
    if (!entry) return undefined;
    if (entry.parsed?.version !== entry.document.version) entry.parsed = this.service.parse(entry.document);
    return { document: entry.document, parsed: entry.parsed };
  }
}
