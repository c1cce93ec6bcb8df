export function ensureDevVars(path?: string, options?: { hadLocalState?: boolean }): boolean;
export function ensurePlatformToken(path?: string): string;
