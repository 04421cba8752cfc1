/**
 * What every language-service feature may know besides the document itself.
 * Passed in by the caller (server or CLI), never kept in globals.
 */
import type { ServerSettings } from '../../../common/src/settings';
import type { Technology } from '../model/policy';

export interface ServiceContext {
  settings: ServerSettings;
  /** The library's technology list, when the client has cached one (else empty). */
  libraryTechnologies: readonly Technology[];
}
