/**
 * Typed settings, declared once and shared by client and server.
 * Adding a setting: manifest (package.json contributes.configuration) →
 * this type and its cleaner → client reads it → server/CLI uses it.
 */

export type Severity = 'error' | 'warning' | 'info' | 'off';

/** Settings the language server needs (sent by the client on change). */
export interface ServerSettings {
  validation: {
    enable: boolean;
    /** Severity of fields Qualys does not document (Qualys adds fields over time). */
    unknownFields: Severity;
  };
  evaluation: {
    /** Re-evaluate loaded posture evidence while typing. */
    live: boolean;
  };
}

export const DEFAULT_SERVER_SETTINGS: ServerSettings = {
  validation: { enable: true, unknownFields: 'warning' },
  evaluation: { live: true },
};

const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info', 'off'];

/** Turns whatever the client sent into valid settings, falling back to defaults per value. */
export function cleanServerSettings(raw: unknown): ServerSettings {
  const r = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, any>;
  const v = r.validation ?? {};
  const e = r.evaluation ?? {};
  return {
    validation: {
      enable: typeof v.enable === 'boolean' ? v.enable : DEFAULT_SERVER_SETTINGS.validation.enable,
      unknownFields: SEVERITIES.includes(v.unknownFields) ? v.unknownFields : DEFAULT_SERVER_SETTINGS.validation.unknownFields,
    },
    evaluation: {
      live: typeof e.live === 'boolean' ? e.live : DEFAULT_SERVER_SETTINGS.evaluation.live,
    },
  };
}
