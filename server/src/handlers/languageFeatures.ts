/** Completion, hover, outline, folding and code actions: thin wiring to the service. */
import { CodeActionKind } from 'vscode-languageserver/node';
import { runSafe } from './runSafe';
import type { HandlerModule, ServerContext } from './types';

export const languageFeatures: HandlerModule = {
  capabilities: {
    completionProvider: { triggerCharacters: ['"', ':', ' '], resolveProvider: false },
    hoverProvider: true,
    documentSymbolProvider: true,
    foldingRangeProvider: true,
    codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.RefactorRewrite] },
  },
  register(server: ServerContext): void {
    const { connection, documents, service } = server;
    const onError = (e: unknown) => server.logError('Request failed', e);

    connection.onCompletion(({ textDocument, position }, token) =>
      runSafe(token, () => {
        const d = documents.getParsed(textDocument.uri);
        return d ? service.doComplete(d.document, d.parsed, position) : null;
      }, onError),
    );
    connection.onHover(({ textDocument, position }, token) =>
      runSafe(token, () => {
        const d = documents.getParsed(textDocument.uri);
        return d ? service.doHover(d.document, d.parsed, position) : null;
      }, onError),
    );
    connection.onDocumentSymbol(({ textDocument }, token) =>
      runSafe(token, () => {
        const d = documents.getParsed(textDocument.uri);
        return d ? service.findDocumentSymbols(d.document, d.parsed) : [];
      }, onError),
    );
    connection.onFoldingRanges(({ textDocument }, token) =>
      runSafe(token, () => {
        const d = documents.getParsed(textDocument.uri);
        const rangeLimit = server.clientCapabilities().textDocument?.foldingRange?.rangeLimit;
        return d ? service.getFoldingRanges(d.document, d.parsed, { rangeLimit }) : [];
      }, onError),
    );
    connection.onCodeAction(({ textDocument, range, context }, token) =>
      runSafe(token, () => {
        const d = documents.getParsed(textDocument.uri);
        return d ? service.getCodeActions(d.document, d.parsed, range, context.diagnostics) : [];
      }, onError),
    );
  },
};
