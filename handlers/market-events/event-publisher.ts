import { PutEventsCommand, type EventBridgeClient, type PutEventsRequestEntry } from "@aws-sdk/client-eventbridge";
import { chunkEntries } from "./bus-entry";

export interface PublishItem {
  readonly entry: PutEventsRequestEntry;
  readonly size: number;
}

export type PublishOutcome = { readonly ok: true; readonly eventId: string; readonly attempts: number } | { readonly ok: false; readonly errorCode: string; readonly errorMessage: string; readonly attempts: number };

export interface PublishSettings {
  /** Attempts per entry, the first included. */
  readonly maxAttempts: number;
  /** Full-jitter backoff: before attempt n+1 a random wait up to base x 2^(n-1) ms. */
  readonly baseDelayMs: number;
}

export interface PublishReport {
  /** One per item, in order. */
  readonly outcomes: PublishOutcome[];
  /** Entries sent again after a failure (sum over retry rounds). */
  readonly retries: number;
  readonly requests: number;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Publishes entries with PutEvents in requests of at most 10 entries under 256 KB, and retries only
 * the entries that failed (per-entry ErrorCode, or the whole request throwing), regrouped, with
 * full-jitter exponential backoff, up to `maxAttempts` per entry. What never went through is reported
 * with its last error; the caller answers those events "retry". Requests of one round go out at once.
 */
export async function publishEntries(client: EventBridgeClient, items: readonly PublishItem[], settings: PublishSettings, random: () => number = Math.random): Promise<PublishReport> {
  const outcomes: PublishOutcome[] = new Array(items.length);
  let pending = items.map((item, index) => ({ ...item, index }));
  let retries = 0;
  let requests = 0;
  for (let attempt = 1; pending.length > 0; attempt++) {
    if (attempt > 1) {
      retries += pending.length;
      await sleep(Math.floor(random() * settings.baseDelayMs * 2 ** (attempt - 2)));
    }
    const failed: typeof pending = [];
    const chunks = chunkEntries(pending);
    requests += chunks.length;
    await Promise.all(
      chunks.map(async (chunk) => {
        try {
          const response = await client.send(new PutEventsCommand({ Entries: chunk.map((c) => c.entry) }));
          const results = response.Entries ?? [];
          chunk.forEach((item, i) => {
            const result = results[i];
            if (result?.EventId && !result.ErrorCode) outcomes[item.index] = { ok: true, eventId: result.EventId, attempts: attempt };
            else {
              outcomes[item.index] = { ok: false, errorCode: result?.ErrorCode ?? "MissingResult", errorMessage: result?.ErrorMessage ?? "PutEvents returned no result for this entry", attempts: attempt };
              failed.push(item);
            }
          });
        } catch (error) {
          const err = error as { name?: string; message?: string };
          for (const item of chunk) {
            outcomes[item.index] = { ok: false, errorCode: err.name ?? "Error", errorMessage: err.message ?? String(error), attempts: attempt };
            failed.push(item);
          }
        }
      }),
    );
    pending = attempt < settings.maxAttempts ? failed.sort((a, b) => a.index - b.index) : [];
  }
  return { outcomes, retries, requests };
}
