import type { Env } from "../env.ts";
import type { QueueMessage } from "./messages.ts";
import { recordDeadLetters, storeDeadLetter } from "./dead-letters.ts";

export type MessageHandler = (body: QueueMessage, env: Env, attempts: number) => Promise<void>;

/** A failure that retrying cannot fix (bad input): the message goes straight to the dead letters. */
export class PermanentError extends Error {}

/** A recoverable failure that knows when to try again. */
export class RetryLater extends Error {
  readonly delaySeconds: number;
  constructor(message: string, delaySeconds: number) {
    super(message);
    this.delaySeconds = delaySeconds;
  }
}

/** Exponential backoff with full jitter, in seconds, for a message's next attempt. */
export const retryDelaySeconds = (attempts: number, baseSeconds = 1, capSeconds = 3600) =>
  Math.ceil(Math.random() * Math.min(capSeconds, baseSeconds * 2 ** Math.max(0, attempts - 1)));

/**
 * Runs each message of a batch on its own: one failure retries only that
 * message (with backoff), never the whole batch.
 */
export async function consume(batch: MessageBatch<QueueMessage>, env: Env, handlers: Record<string, MessageHandler>) {
  if (batch.queue.endsWith("-dlq")) return recordDeadLetters(batch, env);
  await Promise.all(
    batch.messages.map(async (message) => {
      const handler = handlers[message.body?.kind];
      try {
        if (!handler) throw new PermanentError(`No handler for message kind ${String(message.body?.kind)} on ${batch.queue}`);
        await handler(message.body, env, message.attempts);
        message.ack();
      } catch (error) {
        console.error(JSON.stringify({ level: "error", queue: batch.queue, message_id: message.id, attempts: message.attempts, error: String(error) }));
        if (error instanceof PermanentError) {
          await storeDeadLetter(env, batch.queue, message);
          message.ack();
        } else message.retry({ delaySeconds: error instanceof RetryLater ? error.delaySeconds : retryDelaySeconds(message.attempts) });
      }
    }),
  );
}
