import type { ChildProcess } from "node:child_process";

export function migrateLocal(persistTo?: string): void;
export function migrateFreshLocal(persistTo: string): void;
export function localD1Query(binding: string, sql: string, persistTo?: string): Record<string, unknown>[][];
export function localD1Path(binding: string, persistTo?: string): string;
export function shardBindingOf(tenant: string, persistTo?: string): string;
export function startDevServer(options: {
  port: number;
  persistTo?: string;
  quiet?: boolean;
  timeoutMs?: number;
  onLine?: (line: string) => void;
  migrate?: boolean;
}): Promise<{
  port: number;
  child: ChildProcess;
  stop(): Promise<void>;
  exited: Promise<unknown>;
}>;
