import type { IncomingHttpHeaders } from "node:http";

export function hostRequest(
  port: number,
  host: string,
  method: string,
  path: string,
  options?: { json?: unknown; body?: Uint8Array; headers?: Record<string, string> },
  // biome-ignore lint/suspicious/noExplicitAny: each test reads the JSON body of the API it calls
): Promise<{ status: number; headers: IncomingHttpHeaders; text: string; json: any }>;
