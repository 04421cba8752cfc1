// Entry of the extension-host suite: VS Code calls run() (see ../mochaRun.ts).
import { runMochaIn } from '../mochaRun';

export function run(): Promise<void> {
  return runMochaIn(__dirname);
}
