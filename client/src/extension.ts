/**
 * Extension entry: wires the output channel, the session, the language client, the views and
 * the commands, and returns a small API for extension-host tests (await `languageClientReady`
 * instead of sleeping; read the trees through `trees`).
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { Technology } from '../../server/src/model/policy';
import { QualysSession } from './auth/session';
import { registerSignInCommands } from './auth/signInCommands';
import { registerCodeLens } from './codeLens';
import { registerImportCommand } from './commands/importCommand';
import { registerLibraryCommands } from './commands/libraryCommands';
import { registerPullCommands } from './commands/pullCommands';
import { registerPushCommands } from './commands/pushCommands';
import { registerTenantCommands } from './commands/tenantCommands';
import { registerPlainJsonDetection } from './detectPlainJson';
import { registerEvaluationFeatures } from './evaluation';
import { createLanguageClient, sendLibraryTechnologies } from './languageClient';
import { createOutput, formatRequest, logLine } from './output';
import { createStatusBar } from './statusBar';
import { LIBRARY_SCHEME, LibraryDocumentProvider, TENANT_SNAPSHOT_SCHEME, TenantSnapshotProvider } from './views/libraryDocuments';
import { LibraryTreeProvider } from './views/libraryTree';
import { TenantTreeProvider } from './views/tenantTree';

const TECHNOLOGIES_KEY = 'qualysPolicy.libraryTechnologies';

export interface QualysPolicyExtensionApi {
  /** Resolves when the language server has started (rejects if it could not). */
  readonly languageClientReady: Promise<void>;
  readonly languageClient: LanguageClient;
  readonly session: QualysSession;
  /** The tree providers: `getChildren()` / `getTreeItem()` as VS Code calls them. */
  readonly trees: { readonly library: LibraryTreeProvider; readonly tenant: TenantTreeProvider };
  readonly output: vscode.OutputChannel;
}

export function activate(context: vscode.ExtensionContext): QualysPolicyExtensionApi {
  const output = createOutput();
  const session = new QualysSession(context, (entry) => logLine(output, formatRequest(entry)));
  const getApi = () => session.getApi();

  const cachedTechnologies = context.globalState.get<Technology[]>(TECHNOLOGIES_KEY);
  const languageClient = createLanguageClient(context, cachedTechnologies);
  const languageClientReady = languageClient.start();
  languageClientReady.catch((e) => logLine(output, `The policy language server did not start: ${e instanceof Error ? e.message : String(e)}`));

  /** The library technology list: cached across sessions, and handed to the server for completion. */
  const technologies = async (): Promise<Technology[]> => {
    const cached = context.globalState.get<Technology[]>(TECHNOLOGIES_KEY);
    if (cached?.length) return cached;
    const list = await (await getApi()).listLibraryTechnologies();
    await context.globalState.update(TECHNOLOGIES_KEY, list);
    await languageClientReady.then(() => sendLibraryTechnologies(languageClient, list)).catch(() => undefined);
    return list;
  };

  const library = new LibraryTreeProvider(getApi, () => session.isSignedIn);
  const tenant = new TenantTreeProvider(getApi, () => session.isSignedIn);
  const libraryView = vscode.window.createTreeView('qualysPolicy.library', { treeDataProvider: library, showCollapseAll: true });
  const tenantView = vscode.window.createTreeView('qualysPolicy.tenant', { treeDataProvider: tenant, showCollapseAll: true });
  const snapshots = new TenantSnapshotProvider();
  const refreshTenant = () => tenant.refresh();

  context.subscriptions.push(
    output,
    session,
    { dispose: () => void languageClient.stop() },
    library,
    tenant,
    libraryView,
    tenantView,
    snapshots,
    createStatusBar(session),
    registerPlainJsonDetection(),
    registerCodeLens(),
    vscode.workspace.registerTextDocumentContentProvider(LIBRARY_SCHEME, new LibraryDocumentProvider(getApi)),
    vscode.workspace.registerTextDocumentContentProvider(TENANT_SNAPSHOT_SCHEME, snapshots),
    vscode.commands.registerCommand('qualysPolicy.showOutput', () => output.show(true)),
    vscode.commands.registerCommand('qualysPolicy.refreshTenant', refreshTenant),
    ...registerSignInCommands(session),
    ...registerLibraryCommands({ getApi, library, technologies, onFilterChanged: () => (libraryView.description = library.describeFilter() || undefined) }),
    ...registerPullCommands({ getApi, afterPull: refreshTenant }),
    ...registerPushCommands({ getApi, output, snapshots, afterPush: refreshTenant }),
    ...registerTenantCommands({ getApi, snapshots, refresh: refreshTenant }),
    registerImportCommand({ getApi, refresh: refreshTenant }),
    session.onDidChange(() => {
      library.refresh();
      tenant.refresh();
      // Fetch the technology list once per sign-in, for completion; failures only cost completions.
      if (session.isSignedIn && !context.globalState.get<Technology[]>(TECHNOLOGIES_KEY)?.length) void technologies().catch(() => undefined);
    }),
  );

  registerEvaluationFeatures(context, { client: languageClient, getApi: async () => (session.isSignedIn ? getApi() : undefined), output });
  void session.refresh();

  return { languageClientReady, languageClient, session, trees: { library, tenant }, output };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions (the language client stops there too).
}
