/**
 * Starts the policy language server (`dist/server.js`) over IPC. Settings flow client → server
 * through `workspace/configuration` (the server pulls the `qualysPolicy` section) and change
 * notifications; the cached library technology list goes in the initialization options and,
 * when it changes, as a notification.
 */
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { LANGUAGE_ID, LibraryTechnologiesNotification, type PolicyInitializationOptions, type Technology } from '../../common/src/protocol';
import { cleanServerSettings } from '../../common/src/settings';
import { LIBRARY_SCHEME } from './views/libraryDocuments';

export function readServerSettings() {
  const config = vscode.workspace.getConfiguration('qualysPolicy');
  return cleanServerSettings({ validation: config.get('validation'), evaluation: config.get('evaluation') });
}

export function createLanguageClient(context: vscode.ExtensionContext, libraryTechnologies: Technology[] | undefined): LanguageClient {
  const module = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const initializationOptions: PolicyInitializationOptions = { settings: readServerSettings(), libraryTechnologies };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { language: LANGUAGE_ID, scheme: 'file' },
      { language: LANGUAGE_ID, scheme: 'untitled' },
      { language: LANGUAGE_ID, scheme: LIBRARY_SCHEME },
    ],
    synchronize: { configurationSection: 'qualysPolicy' },
    initializationOptions,
  };
  return new LanguageClient('qualysPolicy', 'Qualys Policy Language Server', serverOptions, clientOptions);
}

/** Sends the library technology list to a running server (completion offers these ids and names). */
export async function sendLibraryTechnologies(client: LanguageClient, technologies: Technology[]): Promise<void> {
  if (!client.isRunning()) return;
  await client.sendNotification(LibraryTechnologiesNotification.type, { technologies });
}
