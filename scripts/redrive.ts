import { parseArgs } from "node:util";
import { GetQueueUrlCommand, SQSClient } from "@aws-sdk/client-sqs";
import { SingleBar, Presets } from "cli-progress";
import { loadEnvironmentConfig } from "../src/config";
import { Naming } from "../src/config/naming";
import { redriveDeadLetters, redriveSummary } from "../src/operations/redrive-dlq";

const USAGE = `Usage: npm run redrive -- --env <dev|staging|prod> [--queue validation] [--method auto|move-task|receive-send] [--endpoint http://127.0.0.1:5000]

Moves the messages of a queue's dead-letter queue back to the queue (after the cause is fixed)
and reports how many moved, and each message it could not move (the exit status is then 1).
Uses the credentials and region of the environment config's account;
--endpoint points at a local AWS API server instead.`;

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      env: { type: "string" },
      queue: { type: "string", default: "validation" },
      method: { type: "string", default: "auto" },
      endpoint: { type: "string" },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help || !values.env) {
    console.log(USAGE);
    return values.help ? 0 : 2;
  }
  if (!["auto", "move-task", "receive-send"].includes(values.method!)) {
    console.error(`--method "${values.method}" is not allowed; use auto, move-task or receive-send`);
    return 2;
  }
  const config = loadEnvironmentConfig(values.env);
  const queueName = new Naming(config).resource(values.queue!);
  const sqs = new SQSClient({
    region: config.region,
    ...(values.endpoint ? { endpoint: values.endpoint, credentials: { accessKeyId: "test", secretAccessKey: "test" } } : {}),
  });
  const url = async (name: string) => (await sqs.send(new GetQueueUrlCommand({ QueueName: name }))).QueueUrl!;
  const [targetQueueUrl, deadLetterQueueUrl] = [await url(queueName), await url(`${queueName}-dlq`)];

  const bar = new SingleBar({ format: "redrive {bar} {value}/{total} messages", hideCursor: true }, Presets.shades_classic);
  let started = false;
  const report = await redriveDeadLetters({
    sqs,
    deadLetterQueueUrl,
    targetQueueUrl,
    method: values.method as "auto" | "move-task" | "receive-send",
    onProgress: (moved, total) => {
      if (!started && process.stdout.isTTY) bar.start(total, 0);
      started = true;
      if (process.stdout.isTTY) bar.setTotal(total), bar.update(moved);
    },
  });
  if (started && process.stdout.isTTY) bar.stop();
  for (const line of redriveSummary(report, `${queueName}-dlq`, queueName)) console.log(line);
  // Not 0: a script or operator checking the exit status must not take a partial redrive for a full one.
  return report.failed?.length ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    console.error(`Redrive failed: ${error.message}`);
    process.exit(1);
  },
);
