// biome-ignore lint/suspicious/noExplicitAny: the operator routes' answers, read by the script and the bench
export function shardCall(port: number, path: string, json: unknown): Promise<any>;
// biome-ignore lint/suspicious/noExplicitAny: as above
export function driveMove(port: number, tenant: string, shard: number, onStep?: (step: any) => void): Promise<any>;
// biome-ignore lint/suspicious/noExplicitAny: as above
export function driveConfirm(port: number, tenant: string): Promise<any>;
