/**
 * Who is signed in, and the one QualysClient for them. The user name and platform live in
 * settings; the password only in SecretStorage. For tests and the sandbox, QUALYS_PASSWORD in the
 * environment signs in without prompts (platform and user from settings, else QUALYS_BASE_URL and
 * QUALYS_USERNAME), until the user signs out.
 */
import * as vscode from 'vscode';
import { QualysClient, resolvePlatform, type ApiLogEntry } from '../api';
import { NotSignedInError } from '../errors';
import { ENV_BASE_URL, ENV_PASSWORD, ENV_USERNAME } from './envCredentials';

export const PASSWORD_SECRET = 'qualysPolicy.password';
const SIGNED_OUT_KEY = 'qualysPolicy.signedOut';
export const SIGNED_IN_CONTEXT = 'qualysPolicy.signedIn';

export interface SignInArgs {
  platform: string;
  username: string;
  password: string;
}

export class QualysSession implements vscode.Disposable {
  private client: QualysClient | undefined;
  private storedPassword: string | undefined;
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires on sign-in, sign-out, and settings changes that affect the connection. */
  readonly onDidChange = this.changed.event;
  private readonly requestLogged = new vscode.EventEmitter<ApiLogEntry>();
  /** Fires after every API request (the status bar shows the rate budget). */
  readonly onDidLogRequest = this.requestLogged.event;
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly log: (entry: ApiLogEntry) => void,
    private readonly env: Record<string, string | undefined> = process.env,
  ) {
    this.subscriptions.push(
      this.changed,
      this.requestLogged,
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('qualysPolicy.platform') || e.affectsConfiguration('qualysPolicy.username') || e.affectsConfiguration('qualysPolicy.api')) {
          this.reset();
        }
      }),
      context.secrets.onDidChange((e) => {
        if (e.key === PASSWORD_SECRET) void this.refresh();
      }),
    );
  }

  /** Reads the stored password and publishes the signed-in state. Call once after construction. */
  async refresh(): Promise<void> {
    this.storedPassword = await this.context.secrets.get(PASSWORD_SECRET);
    this.reset();
  }

  get platform(): string {
    return vscode.workspace.getConfiguration('qualysPolicy').get<string>('platform', '').trim() || (this.env[ENV_BASE_URL]?.trim() ?? '');
  }

  get username(): string {
    return vscode.workspace.getConfiguration('qualysPolicy').get<string>('username', '').trim() || (this.env[ENV_USERNAME]?.trim() ?? '');
  }

  private get password(): string | undefined {
    if (this.storedPassword) return this.storedPassword;
    if (this.env[ENV_PASSWORD] && !this.context.globalState.get<boolean>(SIGNED_OUT_KEY)) return this.env[ENV_PASSWORD];
    return undefined;
  }

  get isSignedIn(): boolean {
    return Boolean(this.platform && this.username && this.password);
  }

  /** The pod name (e.g. "qg2") or the gateway host, for messages and the status bar. */
  get platformLabel(): string {
    try {
      const r = resolvePlatform(this.platform);
      return r.pod ?? new URL(r.baseUrl).host;
    } catch {
      return this.platform;
    }
  }

  get rateBudget(): { remaining?: number; limit?: number } {
    return this.client?.rateBudget ?? {};
  }

  /** The client for the signed-in user; throws NotSignedInError otherwise. */
  async getApi(): Promise<QualysClient> {
    if (!this.isSignedIn) throw new NotSignedInError();
    if (!this.client) this.client = this.createClient(this.platform, this.username, () => Promise.resolve(this.password ?? ''));
    return this.client;
  }

  private createClient(platform: string, username: string, password: string | (() => Promise<string>)): QualysClient {
    const config = vscode.workspace.getConfiguration('qualysPolicy');
    const proxy = vscode.workspace.getConfiguration('http').get<string>('proxy') || undefined;
    return new QualysClient({
      baseUrl: resolvePlatform(platform).baseUrl,
      username,
      password,
      maxConcurrency: config.get<number>('api.maxConcurrency', 2),
      timeoutMs: config.get<number>('api.timeoutSeconds', 120) * 1000,
      proxyUrl: proxy,
      log: (entry) => {
        this.log(entry);
        this.requestLogged.fire(entry);
      },
    });
  }

  /**
   * Verifies the credentials by signing in to the gateway, then stores them (user and platform in
   * settings, password in SecretStorage). Throws the API's error (e.g. "Authentication failed —
   * check the username and password for …") when they do not work.
   */
  async signIn(args: SignInArgs): Promise<void> {
    const probe = this.createClient(args.platform, args.username, args.password);
    try {
      await probe.authenticate();
    } finally {
      await probe.close();
    }
    const config = vscode.workspace.getConfiguration('qualysPolicy');
    await config.update('platform', args.platform, vscode.ConfigurationTarget.Global);
    await config.update('username', args.username, vscode.ConfigurationTarget.Global);
    await this.context.secrets.store(PASSWORD_SECRET, args.password);
    await this.context.globalState.update(SIGNED_OUT_KEY, false);
    this.storedPassword = args.password;
    this.reset();
  }

  /** Forgets the password and the token (the user name stays in settings as a convenience). */
  async signOut(): Promise<void> {
    await this.context.secrets.delete(PASSWORD_SECRET);
    await this.context.globalState.update(SIGNED_OUT_KEY, true);
    this.storedPassword = undefined;
    this.reset();
  }

  private reset(): void {
    const old = this.client;
    this.client = undefined;
    if (old) {
      old.signOut();
      void old.close();
    }
    void vscode.commands.executeCommand('setContext', SIGNED_IN_CONTEXT, this.isSignedIn);
    this.changed.fire();
  }

  dispose(): void {
    this.client?.signOut();
    void this.client?.close();
    for (const d of this.subscriptions) d.dispose();
  }
}
