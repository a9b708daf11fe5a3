import { IdempotencyConfig, makeIdempotent } from "@aws-lambda-powertools/idempotency";
import type { BasePersistenceLayer } from "@aws-lambda-powertools/idempotency/persistence";
import type { Context } from "aws-lambda";
import { EVENT_RULES } from "./event-rules";
import { IntrospectedOnceFunctions } from "./jmespath-functions";
import type { PublishOutcome, PublishReport } from "./event-publisher";
import type { ValidEvent } from "./event-validation";

/**
 * Exactly once per (tenant, event id), with the Powertools idempotency utility, while PutEvents
 * still gets batches of 10.
 *
 * Powertools' lifecycle for one call of an idempotent function (IdempotencyHandler.handle) is:
 * saveInProgress (a conditional PutItem: the claim) -> the function -> saveSuccess (UpdateItem to
 * COMPLETED with the function's result) or, when the function throws, deleteRecord. A key already
 * COMPLETED and not expired is not run again: its stored result goes through `responseHook`.
 *
 * The idempotent function here is "publish this event", and every event of a request calls it at
 * once. Its body does not publish by itself: it hands the event to the request's PublishRound and
 * awaits it. The round waits until every valid event of the request has either entered the function
 * (its claim succeeded) or settled without entering (a duplicate, in progress elsewhere, a store
 * error), then publishes all entered events in PutEvents batches (10 entries, < 256 KB), retrying
 * failed entries, and settles each one: an event whose entry went through returns (Powertools marks
 * it COMPLETED), one that never went through throws EntryNotPublishedError (Powertools deletes its
 * record, so the producer's retry is accepted, not taken for a duplicate).
 *
 * So: claims are concurrent DynamoDB writes, publishing is batched, completions are concurrent.
 * The key is `<tenant>#<id>` (tenant = the configured JWT claim, `sub` by default), hashed by
 * Powertools under the prefix `market-events-ingest`: two partners' ids never collide, and a
 * partner cannot mark another's id as seen. The payload check (payloadValidationJmesPath on the
 * event's content) refuses an id reused for different content within the window ("id.conflict").
 */
export const IDEMPOTENCY_KEY_PREFIX = "market-events-ingest";

/** What the idempotent function returns, and Powertools stores in the record. */
export interface StoredResult {
  readonly status: "accepted";
  readonly eventId: string;
  readonly acceptedAt: string;
}

export type ClaimResult =
  | { readonly status: "accepted"; readonly eventId: string; readonly attempts: number }
  | { readonly status: "duplicate"; readonly eventId?: string; readonly acceptedAt?: string }
  | { readonly status: "rejected"; readonly field: string; readonly rule: string; readonly reason: string }
  | { readonly status: "retry"; readonly reason: string; readonly attempts?: number };

/** The event's entry did not go through after every attempt: thrown so Powertools releases the id. */
export class EntryNotPublishedError extends Error {
  override readonly name = "EntryNotPublishedError";
  constructor(readonly outcome: Extract<PublishOutcome, { ok: false }>) {
    super(`PutEvents failed after ${outcome.attempts} attempts: ${outcome.errorCode}: ${outcome.errorMessage}`);
  }
}

interface Claim {
  /** Hashed by Powertools into the record key. */
  readonly key: string;
  /** Hashed by Powertools into the record's validation attribute. */
  readonly fingerprint: string;
  readonly event: ValidEvent;
  readonly round: PublishRound;
  entered: boolean;
  outcome?: PublishOutcome;
}

/** Gathers the claimed events of one request and publishes them together once all claims settled. */
export class PublishRound {
  private readonly queued: Array<{ claim: Claim; resolve: (outcome: PublishOutcome) => void }> = [];
  private settled = 0;
  private started = false;

  constructor(
    private readonly expected: number,
    private readonly publish: (events: readonly ValidEvent[]) => Promise<PublishReport>,
    private readonly onReport: (report: PublishReport) => void,
  ) {}

  enqueue(claim: Claim): Promise<PublishOutcome> {
    return new Promise((resolve) => {
      this.queued.push({ claim, resolve });
      this.maybeStart();
    });
  }

  /** A claim that settled without entering the function. */
  skip(): void {
    this.settled++;
    this.maybeStart();
  }

  private maybeStart(): void {
    if (this.started || this.queued.length + this.settled < this.expected) return;
    this.started = true;
    const queued = this.queued;
    this.publish(queued.map((q) => q.claim.event)).then(
      (report) => {
        this.onReport(report);
        queued.forEach((q, i) => q.resolve(report.outcomes[i]!));
      },
      (error: unknown) => queued.forEach((q) => q.resolve({ ok: false, errorCode: "PublishError", errorMessage: (error as Error)?.message ?? String(error), attempts: 0 })),
    );
  }
}

export interface IdempotentPublisherOptions {
  readonly persistenceStore: BasePersistenceLayer;
  readonly windowSeconds: number;
  readonly publish: (events: readonly ValidEvent[]) => Promise<PublishReport>;
  readonly now?: () => Date;
}

/** Remaining time used for the in-progress expiry when no Lambda context is given (tests, benches). */
const FALLBACK_REMAINING_MS = 30_000;

export class IdempotentPublisher {
  private readonly config: IdempotencyConfig;
  private readonly publishOnce: (claim: Claim) => Promise<StoredResult | ClaimResult>;

  constructor(private readonly options: IdempotentPublisherOptions) {
    const now = options.now ?? (() => new Date());
    this.config = new IdempotencyConfig({
      eventKeyJmesPath: "key",
      payloadValidationJmesPath: "fingerprint",
      throwOnNoIdempotencyKey: true,
      jmesPathOptions: new IntrospectedOnceFunctions(),
      expiresAfterSeconds: options.windowSeconds,
      // Called only with a stored result: the event was accepted before, so this is a duplicate.
      responseHook: (response) => {
        const stored = (response ?? {}) as Partial<StoredResult>;
        return { status: "duplicate", ...(stored.eventId ? { eventId: stored.eventId } : {}), ...(stored.acceptedAt ? { acceptedAt: stored.acceptedAt } : {}) };
      },
    });
    this.publishOnce = makeIdempotent(
      async (claim: Claim): Promise<StoredResult> => {
        claim.entered = true;
        const outcome = await claim.round.enqueue(claim);
        claim.outcome = outcome;
        if (!outcome.ok) throw new EntryNotPublishedError(outcome);
        return { status: "accepted", eventId: outcome.eventId, acceptedAt: now().toISOString() };
      },
      { persistenceStore: options.persistenceStore, config: this.config, keyPrefix: IDEMPOTENCY_KEY_PREFIX },
    );
  }

  /** Claims, publishes and completes the valid events of one request; one result per event, in order. */
  async run(tenant: string, events: readonly ValidEvent[], context: Pick<Context, "getRemainingTimeInMillis"> | undefined, onReport: (report: PublishReport) => void): Promise<ClaimResult[]> {
    this.config.registerLambdaContext((context ?? { getRemainingTimeInMillis: () => FALLBACK_REMAINING_MS }) as Context);
    const round = new PublishRound(events.length, this.options.publish, onReport);
    return Promise.all(
      events.map(async (event): Promise<ClaimResult> => {
        const claim: Claim = { key: `${tenant}#${event.id}`, fingerprint: event.fingerprint, event, round, entered: false };
        try {
          const result = await this.publishOnce(claim);
          if (result.status === "accepted") return { status: "accepted", eventId: (result as StoredResult).eventId, attempts: claim.outcome?.attempts ?? 1 };
          return result as ClaimResult;
        } catch (error) {
          return answerFor(error, claim);
        } finally {
          if (!claim.entered) round.skip();
        }
      }),
    );
  }
}

/**
 * The answer for an event whose idempotent call threw.
 * - In progress elsewhere (another request holds the claim and has not finished): "retry". Not
 *   "duplicate": that request may still fail and release the id, and a producer told "duplicate"
 *   would drop an event nobody published. Not "accepted": we published nothing. A retry later gets
 *   "duplicate" (the other request published) or "accepted" (it failed) — the per-event meaning of
 *   409 Conflict / 429 with Retry-After.
 * - Published, but saving COMPLETED failed: "accepted" (it is on the bus). The record stays
 *   INPROGRESS until its in-progress expiry (the invocation's remaining time), then a resend could
 *   publish again: the one at-least-once edge, logged by the handler.
 */
function answerFor(error: unknown, claim: Claim): ClaimResult {
  if (claim.outcome?.ok) return { status: "accepted", eventId: claim.outcome.eventId, attempts: claim.outcome.attempts };
  const name = (error as Error)?.name;
  if (error instanceof EntryNotPublishedError || claim.outcome) {
    const outcome = claim.outcome as Extract<PublishOutcome, { ok: false }>;
    return { status: "retry", reason: `not published: ${outcome.errorCode}: ${outcome.errorMessage}`, attempts: outcome.attempts };
  }
  if (name === "IdempotencyAlreadyInProgressError") return { status: "retry", reason: "an event with this id is being published by another request; retry it after a few seconds" };
  if (name === "IdempotencyValidationError") return { status: "rejected", field: "id", rule: EVENT_RULES.idConflict, reason: "this id was already used for an event with different content within the idempotency window" };
  if (name === "IdempotencyPersistenceLayerError") return { status: "retry", reason: "the idempotency store did not answer; retry the event" };
  return { status: "retry", reason: `${name ?? "Error"}: ${(error as Error)?.message ?? String(error)}` };
}
