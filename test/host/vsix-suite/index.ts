// Entry of the packaged-extension check: runs beside the .vsix installed into code-server.
import { runMochaIn } from '../mochaRun';

export function run(): Promise<void> {
  return runMochaIn(__dirname);
}
