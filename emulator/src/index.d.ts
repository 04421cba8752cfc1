import type { EmulatorHandle, EmulatorOptions } from './types';
export type { EmulatorConfig, EmulatorHandle, EmulatorOptions, FaultKind, FaultMatch, FaultSpec, RateLimitConfig, RecordedRequest } from './types';
export { DOCUMENTATION_POLICY_ID, LOCKED_RHEL8_POLICY_ID, MULTI_TECH_POLICY_ID } from './tenant';
export { FIRST_HOST_ID } from './data/fleet';
export declare const DEFAULT_USERNAME = "emulator";
export declare const DEFAULT_PASSWORD = "emulator";
export declare function startEmulator(options?: EmulatorOptions): Promise<EmulatorHandle>;
