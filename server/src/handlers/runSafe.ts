/**
 * Runs a request handler unless the client cancelled the request meanwhile, and turns
 * failures into an LSP error response instead of a crashed server.
 */
import { LSPErrorCodes, ResponseError, type CancellationToken } from 'vscode-languageserver/node';

export function runSafe<T>(token: CancellationToken, work: () => T, onError: (e: unknown) => void): Promise<T | ResponseError<void>> {
  return new Promise((resolve) => {
    // Yield once so a cancellation sent right after the request can arrive first.
    setImmediate(() => {
      if (token.isCancellationRequested) {
        resolve(new ResponseError(LSPErrorCodes.RequestCancelled, 'Request cancelled'));
        return;
      }
      try {
        resolve(work());
      } catch (e) {
        onError(e);
        resolve(new ResponseError(LSPErrorCodes.RequestFailed, e instanceof Error ? e.message : String(e)));
      }
    });
  });
}
