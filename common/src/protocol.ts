/**
 * Custom LSP messages of the policy language server (general ones; evaluation has its
 * own file), declared once for the server, the VS Code client, tests and the bench.
 */
import { NotificationType, RequestType0 } from 'vscode-languageserver-protocol';
import type { ServerSettings } from './settings';

/** A technology by id and name (the same shape as the model's `Technology`). */
export interface Technology {
  technologyId: number;
  technologyName: string;
}

/** The language id of policy documents. */
export const LANGUAGE_ID = 'qualys-policy';

/** What the client passes in `initializationOptions`. */
export interface PolicyInitializationOptions {
  /** Settings as the client read them (the server also pulls them when it can). */
  settings?: ServerSettings;
  /** The cached library technology list, when the client has one. */
  libraryTechnologies?: Technology[];
}

/** client → server: the library technology list the client has cached (replaces the previous one). */
export namespace LibraryTechnologiesNotification {
  export const method = 'qualysPolicy/libraryTechnologies';
  export interface Params {
    technologies: Technology[];
  }
  export const type = new NotificationType<Params>(method);
}

/** client/bench → server: how much memory the server process uses. */
export namespace ServerMemoryRequest {
  export const method = 'qualysPolicy/serverMemory';
  export interface Result {
    /** Resident set size, bytes. */
    rss: number;
    heapUsed: number;
    heapTotal: number;
  }
  export const type = new RequestType0<Result, void>(method);
}
