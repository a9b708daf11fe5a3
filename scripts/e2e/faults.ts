import type { S3Client } from "@aws-sdk/client-s3";

export interface S3FaultOptions {
  /** Share of S3 requests answered with 503 SlowDown (the SDK retries these). */
  readonly slowDownRate: number;
  /** Share of output writes that crash the handler mid-object (not retried by the SDK). */
  readonly crashRate: number;
  /** Key whose reads always crash, until `healPoison` is called: it must end in the DLQ. */
  readonly poisonKey?: string;
  readonly random?: () => number;
}

export interface FaultCounters {
  slowDowns: number;
  crashes: number;
  poisonHits: number;
}

/**
 * Adds fault injection to an S3 client through SDK middleware. The SlowDown faults sit inside the
 * SDK's retry loop (finalizeRequest, low priority), so they exercise real retries; crashes look
 * like a handler dying while it streams outputs.
 */
export function injectS3Faults(s3: S3Client, options: S3FaultOptions): { counters: FaultCounters; healPoison: () => void } {
  const random = options.random ?? Math.random;
  const counters: FaultCounters = { slowDowns: 0, crashes: 0, poisonHits: 0 };
  let poisonKey = options.poisonKey;
  s3.middlewareStack.add(
    (next, context) => async (args) => {
      const input = args.input as { Key?: string };
      const command = context.commandName ?? "";
      if (poisonKey && command === "GetObjectCommand" && input.Key === poisonKey) {
        counters.poisonHits++;
        throw Object.assign(new Error(`injected crash reading ${poisonKey}`), { name: "InjectedHandlerCrash" });
      }
      if (random() < options.slowDownRate) {
        counters.slowDowns++;
        throw Object.assign(new Error("Please reduce your request rate."), { name: "SlowDown", $metadata: { httpStatusCode: 503 }, $fault: "server" });
      }
      if (/^(UploadPart|PutObject|CompleteMultipartUpload)Command$/.test(command) && input.Key?.startsWith("validated/") && random() < options.crashRate) {
        counters.crashes++;
        throw Object.assign(new Error("injected crash while writing validated output"), { name: "InjectedHandlerCrash" });
      }
      return next(args);
    },
    { step: "finalizeRequest", priority: "low", name: "e2eFaultInjection" },
  );
  return { counters, healPoison: () => (poisonKey = undefined) };
}
