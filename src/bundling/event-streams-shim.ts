/**
 * Replaces @smithy/core/event-streams in Lambda bundles. Event streams serve the few operations
 * whose responses or requests are streams of events (S3 SelectObjectContent, for the clients the
 * handlers use); no handler sends one, and their codecs are 19 KB of bundle and cold-start parse
 * time (measured again with lib-storage bundled: +18.9 KB validation, +18.7 KB real-time without it). The clients still build their configuration through these names; any event-stream
 * operation fails at once with the reason, rather than misbehave.
 */
function notBundled(): never {
  throw new Error("Event streams are left out of this Lambda bundle (src/bundling/event-streams-shim.ts); bundle @smithy/core/event-streams to send event-stream operations");
}

/** What the clients' configuration holds as `eventStreamMarshaller`. */
export const eventStreamSerdeProvider = () => ({ serialize: notBundled, deserialize: notBundled });

/** As in @smithy/core: the client configuration gets the provider's marshaller. */
export const resolveEventStreamSerdeConfig = <T extends { eventStreamSerdeProvider: (config: T) => unknown }>(input: T) =>
  Object.assign(input, { eventStreamMarshaller: input.eventStreamSerdeProvider(input) });

/** Loaded by the protocols only when an operation has an event stream. */
export class EventStreamSerde {
  constructor() {
    notBundled();
  }
}
