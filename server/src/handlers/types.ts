/** What a handler module gets to work with, and how it plugs into the server. */
import type { ClientCapabilities, Connection, ServerCapabilities } from 'vscode-languageserver/node';
import type { DocumentStore } from '../documentStore';
import type { PolicyLanguageService } from '../service/languageService';
import type { ServerSettings } from '../../../common/src/settings';

export interface ServerContext {
  connection: Connection;
  documents: DocumentStore;
  service: PolicyLanguageService;
  /** The settings now in force (updated on every configuration change). */
  settings(): ServerSettings;
  /** Subscribe to settings changes (after the service was reconfigured). */
  onSettingsChanged(listener: (settings: ServerSettings) => void): void;
  /** What the client said it can do (set once `initialize` has run). */
  clientCapabilities(): ClientCapabilities;
  /** Report an unexpected failure to the client's log (never to stdout). */
  logError(message: string, error: unknown): void;
}

export interface HandlerModule {
  /** Capabilities this module serves, merged into the `initialize` result. */
  readonly capabilities?: ServerCapabilities;
  register(server: ServerContext): void;
}
