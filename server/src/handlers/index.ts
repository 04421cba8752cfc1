/**
 * Every handler module the server registers. To add a feature area, write
 * `handlers/<area>.ts` exporting a `HandlerModule` and add it here (one line).
 */
import { diagnostics } from './diagnostics';
import { evaluation } from './evaluation';
import { general } from './general';
import { languageFeatures } from './languageFeatures';
import type { HandlerModule } from './types';

export const HANDLERS: readonly HandlerModule[] = [general, diagnostics, languageFeatures, evaluation];
