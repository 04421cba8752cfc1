/**
 * The policy language server: LSP transport over the pure language service.
 * Started over IPC by the VS Code client, or standalone: `node dist/server.js --stdio`.
 * Never write to stdout here: with --stdio it is the LSP channel.
 */
import { createConnection, ProposedFeatures, TextDocumentSyncKind, type ClientCapabilities, type Connection, type InitializeResult } from 'vscode-languageserver/node';
import { cleanServerSettings, DEFAULT_SERVER_SETTINGS, type ServerSettings } from '../../common/src/settings';
import type { PolicyInitializationOptions } from '../../common/src/protocol';
import { DocumentStore } from './documentStore';
import { HANDLERS } from './handlers';
import type { HandlerModule, ServerContext } from './handlers/types';
import { createLanguageService } from './service/languageService';

const SETTINGS_SECTION = 'qualysPolicy';

export function startServer(connection: Connection, handlers: readonly HandlerModule[] = HANDLERS): void {
  const service = createLanguageService();
  const documents = new DocumentStore(service);
  let settings: ServerSettings = DEFAULT_SERVER_SETTINGS;
  let canPullConfiguration = false;
  let clientCapabilities: ClientCapabilities = {};
  const settingsListeners: ((s: ServerSettings) => void)[] = [];

  const applySettings = (next: ServerSettings): void => {
    settings = next;
    service.configure(next);
    for (const listener of settingsListeners) listener(next);
  };

  const context: ServerContext = {
    connection,
    documents,
    service,
    settings: () => settings,
    clientCapabilities: () => clientCapabilities,
    onSettingsChanged: (listener) => settingsListeners.push(listener),
    logError: (message, error) => connection.console.error(`${message}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`),
  };

  connection.onInitialize((params): InitializeResult => {
    const options = (params.initializationOptions ?? {}) as PolicyInitializationOptions;
    if (options.settings) applySettings(cleanServerSettings(options.settings));
    if (Array.isArray(options.libraryTechnologies)) service.setLibraryTechnologies(options.libraryTechnologies);
    clientCapabilities = params.capabilities;
    canPullConfiguration = params.capabilities.workspace?.configuration === true;
    const capabilities = Object.assign({ textDocumentSync: TextDocumentSyncKind.Incremental }, ...handlers.map((h) => h.capabilities ?? {}));
    return { capabilities, serverInfo: { name: 'qualys-policy' } };
  });

  const pullSettings = async (): Promise<void> => {
    if (!canPullConfiguration) return;
    try {
      const [raw] = await connection.workspace.getConfiguration([{ section: SETTINGS_SECTION }]);
      applySettings(cleanServerSettings(raw));
    } catch (e) {
      context.logError('Reading the qualysPolicy settings failed', e);
    }
  };

  connection.onInitialized(() => void pullSettings());
  connection.onDidChangeConfiguration(({ settings: pushed }) => {
    // Clients either push the section, or just signal a change for us to pull.
    const section = (pushed as Record<string, unknown> | undefined)?.[SETTINGS_SECTION];
    if (section) applySettings(cleanServerSettings(section));
    else void pullSettings();
  });

  documents.listen(connection);
  for (const h of handlers) h.register(context);
  connection.listen();
}

if (require.main === module) {
  startServer(createConnection(ProposedFeatures.all));
}
