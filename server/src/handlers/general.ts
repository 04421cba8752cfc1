/** Server-wide custom messages: the client's library technology list, memory figures. */
import { LibraryTechnologiesNotification, ServerMemoryRequest } from '../../../common/src/protocol';
import type { HandlerModule, ServerContext } from './types';

export const general: HandlerModule = {
  register(server: ServerContext): void {
    server.connection.onNotification(LibraryTechnologiesNotification.type, ({ technologies }) => {
      server.service.setLibraryTechnologies(Array.isArray(technologies) ? technologies : []);
    });
    server.connection.onRequest(ServerMemoryRequest.type, () => {
      const m = process.memoryUsage();
      return { rss: m.rss, heapUsed: m.heapUsed, heapTotal: m.heapTotal };
    });
  },
};
