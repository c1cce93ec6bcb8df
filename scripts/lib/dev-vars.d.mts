export function ensureDevVars(path?: string, options?: { hadLocalState?: boolean }): boolean;
