import type { S3Client } from "@aws-sdk/client-s3";

export interface S3CommandLog {
  /** Every command sent, in order, with its input. */
  readonly sent: Array<{ name: string; input: Record<string, any> }>;
  /** The commands S3 answered with success, in the order the answers came. */
  readonly succeeded: Array<{ name: string; input: Record<string, any> }>;
  /** The most UploadPart requests that were in flight at once. */
  readonly mostPartsInFlight: () => number;
  /** Makes matching commands fail, as a crash or a network error would (before the SDK's retries). */
  failWhen(match: (name: string, input: Record<string, any>) => boolean): void;
}

/** Records (and optionally fails) the commands an S3 client sends, through its middleware stack. */
export function logS3Commands(s3: S3Client): S3CommandLog {
  const sent: S3CommandLog["sent"] = [];
  const succeeded: S3CommandLog["succeeded"] = [];
  let running = 0;
  let most = 0;
  let failing: (name: string, input: Record<string, any>) => boolean = () => false;
  s3.middlewareStack.add(
    (next, context) => async (args) => {
      const name = (context.commandName ?? "").replace(/Command$/, "");
      const input = args.input as Record<string, any>;
      sent.push({ name, input });
      if (failing(name, input)) throw Object.assign(new Error(`injected failure of ${name}`), { name: "InjectedFailure" });
      if (name === "UploadPart") most = Math.max(most, ++running);
      try {
        const output = await next(args);
        succeeded.push({ name, input });
        return output;
      } finally {
        if (name === "UploadPart") running--;
      }
    },
    { step: "initialize", name: "testCommandLog" },
  );
  return { sent, succeeded, mostPartsInFlight: () => most, failWhen: (match) => void (failing = match) };
}
