import type { S3Client } from "@aws-sdk/client-s3";

export interface S3CommandLog {
  /** Every command sent, in order, with its input. */
  readonly sent: Array<{ name: string; input: Record<string, any> }>;
  /** The most UploadPart requests that were in flight at once. */
  readonly mostPartsInFlight: () => number;
  /** Makes matching commands fail, as a crash or a network error would (before the SDK's retries). */
  failWhen(match: (name: string, input: Record<string, any>) => boolean): void;
}

/** Records (and optionally fails) the commands an S3 client sends, through its middleware stack. */
export function logS3Commands(s3: S3Client): S3CommandLog {
  const sent: S3CommandLog["sent"] = [];
  let running = 0;
  let most = 0;
  let failing: (name: string, input: Record<string, any>) => boolean = () => false;
  s3.middlewareStack.add(
    (next, context) => async (args) => {
      const name = (context.commandName ?? "").replace(/Command$/, "");
      const input = args.input as Record<string, any>;
      sent.push({ name, input });
      if (failing(name, input)) throw Object.assign(new Error(`injected failure of ${name}`), { name: "InjectedFailure" });
      if (name !== "UploadPart") return next(args);
      most = Math.max(most, ++running);
      try {
        return await next(args);
      } finally {
        running--;
      }
    },
    { step: "initialize", name: "testCommandLog" },
  );
  return { sent, mostPartsInFlight: () => most, failWhen: (match) => void (failing = match) };
}
