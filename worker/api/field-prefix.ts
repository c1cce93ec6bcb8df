import { EngineError, isEngineError } from "../../engine/errors.ts";

/** Runs engine code whose error fields are relative to a part of the request, and makes them absolute. */
export function withFieldPrefix<T>(prefix: string, run: () => T): T {
  try {
    return run();
  } catch (e) {
    if (!isEngineError(e)) throw e;
    throw new EngineError(
      e.code,
      e.message,
      e.status,
      e.details.map((d) => ({ ...d, field: d.field ? `${prefix}.${d.field}` : prefix })),
    );
  }
}
