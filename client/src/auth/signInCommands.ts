/**
 * `Qualys: Sign In` / `Sign Out`. Called with `{ platform, username, password }` (tests, scripts)
 * the sign-in asks nothing; otherwise it asks for the platform, the user name and the password.
 */
import * as vscode from 'vscode';
import { PODS, resolvePlatform } from '../api';
import { describeError, showError } from '../errors';
import type { QualysSession, SignInArgs } from './session';

const CUSTOM_URL = 'Enter gateway URL…';

async function pickPlatform(current: string): Promise<string | undefined> {
  const items: vscode.QuickPickItem[] = [
    ...PODS.map((p) => ({ label: p.name, description: p.gatewayUrl, detail: p.region, picked: p.name === current })),
    { label: CUSTOM_URL, description: 'Private cloud platforms and other gateways', alwaysShow: true },
  ];
  const picked = await vscode.window.showQuickPick(items, { title: 'Qualys: Sign In (1/3)', placeHolder: 'Qualys platform (pod)', ignoreFocusOut: true });
  if (!picked) return undefined;
  if (picked.label !== CUSTOM_URL) return picked.label;
  return vscode.window.showInputBox({
    title: 'Qualys: Sign In (1/3)',
    prompt: 'Gateway URL of your Qualys platform',
    placeHolder: 'https://gateway.qg2.apps.qualys.com',
    value: /^https?:/.test(current) ? current : '',
    ignoreFocusOut: true,
    validateInput: (v) => {
      try {
        resolvePlatform(v);
        return undefined;
      } catch (e) {
        return describeError(e);
      }
    },
  });
}

async function askCredentials(session: QualysSession): Promise<SignInArgs | undefined> {
  const platform = await pickPlatform(session.platform);
  if (!platform) return undefined;
  const username = await vscode.window.showInputBox({
    title: 'Qualys: Sign In (2/3)',
    prompt: `Qualys user name on ${platform}`,
    value: session.username,
    ignoreFocusOut: true,
    validateInput: (v) => (v.trim() ? undefined : 'Enter your Qualys user name'),
  });
  if (!username) return undefined;
  const password = await vscode.window.showInputBox({
    title: 'Qualys: Sign In (3/3)',
    prompt: `Password of ${username.trim()} (kept in VS Code's secret storage)`,
    password: true,
    ignoreFocusOut: true,
    validateInput: (v) => (v ? undefined : 'Enter your password'),
  });
  if (!password) return undefined;
  return { platform: platform.trim(), username: username.trim(), password };
}

function isSignInArgs(v: unknown): v is SignInArgs {
  const a = v as Partial<SignInArgs> | undefined;
  return typeof a?.platform === 'string' && typeof a.username === 'string' && typeof a.password === 'string';
}

export function registerSignInCommands(session: QualysSession): vscode.Disposable[] {
  return [
    /** Resolves true when signed in. Programmatic callers get the error thrown instead of a message. */
    vscode.commands.registerCommand('qualysPolicy.signIn', async (args?: unknown): Promise<boolean> => {
      if (isSignInArgs(args)) {
        await session.signIn(args);
        return true;
      }
      const creds = await askCredentials(session);
      if (!creds) return false;
      try {
        await vscode.window.withProgress(
          { location: vscode.ProgressLocation.Notification, title: `Signing in to Qualys (${creds.platform})…` },
          () => session.signIn(creds),
        );
      } catch (e) {
        await showError('Sign-in failed', e, () => vscode.commands.executeCommand('qualysPolicy.signIn'));
        return false;
      }
      void vscode.window.showInformationMessage(`Signed in to Qualys ${session.platformLabel} as ${creds.username}.`);
      return true;
    }),
    vscode.commands.registerCommand('qualysPolicy.signOut', async () => {
      await session.signOut();
      void vscode.window.showInformationMessage('Signed out of Qualys: the password and token are forgotten.');
    }),
  ];
}
