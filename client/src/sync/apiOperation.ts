/**
 * The shape `QualysClient.send(op)` takes (contract §3). Declared here structurally so the pure
 * sync code does not pull the HTTP client into the planner's import graph.
 */
export interface ApiOperation {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** May include `?query`. */
  path: string;
  body?: unknown;
}
