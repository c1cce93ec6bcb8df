/**
 * A typed failure from engine/: the API maps it to its error envelope with the
 * status given here, so bad input is always a clear 4xx and never a 500.
 */
export type EngineErrorStatus = 400 | 404 | 409 | 413 | 415 | 422;

export interface EngineErrorDetail {
  field: string;
  message: string;
  value?: unknown;
}

export class EngineError extends Error {
  readonly code: string;
  readonly status: EngineErrorStatus;
  readonly details: EngineErrorDetail[];

  constructor(code: string, message: string, status: EngineErrorStatus = 422, details: EngineErrorDetail[] = []) {
    super(message);
    this.name = "EngineError";
    this.code = code;
    this.status = status;
    this.details = details;
  }
}

export const isEngineError = (e: unknown): e is EngineError => e instanceof EngineError;
