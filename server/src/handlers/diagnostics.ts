/**
 * Pushes diagnostics after each change. The first change after a pause validates at
 * once; during a burst of typing, validation waits for a short pause.
 */
import { TypingScheduler } from './typingScheduler';
import type { HandlerModule, ServerContext } from './types';

export const DEBOUNCE_MS = 40;

export const diagnostics: HandlerModule = {
  register(server: ServerContext): void {
    const { connection, documents, service } = server;

    const validate = (uri: string): void => {
      const current = documents.getParsed(uri);
      if (!current) return;
      try {
        const diagnostics = service.doValidation(current.document, current.parsed);
        void connection.sendDiagnostics({ uri, version: current.document.version, diagnostics });
      } catch (e) {
        server.logError(`Validation of ${uri} failed`, e);
      }
    };
    const scheduler = new TypingScheduler(DEBOUNCE_MS, validate);

    documents.onDidChangeContent(({ document }) => scheduler.schedule(document.uri));
    documents.onDidClose(({ document }) => {
      scheduler.forget(document.uri);
      void connection.sendDiagnostics({ uri: document.uri, diagnostics: [] });
    });
    server.onSettingsChanged(() => {
      for (const document of documents.all()) scheduler.schedule(document.uri);
    });
  },
};
