import { CreateTableCommand } from "@aws-sdk/client-dynamodb";
import { CreateAliasCommand, CreateKeyCommand, EnableKeyRotationCommand } from "@aws-sdk/client-kms";
import { CreateBucketCommand, PutBucketEncryptionCommand, PutBucketVersioningCommand, type ServerSideEncryptionByDefault } from "@aws-sdk/client-s3";
import { localClientOptions } from "../../../scripts/lib/local-clients";
import { startMotoServer, type MotoServer } from "../../../scripts/lib/moto-server";
import { loadEnvironmentConfig, type EnvironmentConfig } from "../../../src/config";
import { stateBackendNames } from "../../../src/config/naming";
import { preflightClients, type PreflightClients } from "../../../src/operations/preflight";

/** The dev config (account 123456789012, the local server's), with `changes` applied. */
export function devConfig(changes: Partial<EnvironmentConfig> = {}): EnvironmentConfig {
  return { ...loadEnvironmentConfig("dev"), ...changes };
}

/** One local server for the enclosing describe block, and the preflight's real clients for it. */
export function useLocalServer(): { readonly endpoint: () => string; readonly clients: () => PreflightClients } {
  let moto: MotoServer;
  let clients: PreflightClients;
  beforeAll(async () => {
    moto = await startMotoServer();
    clients = preflightClients(localClientOptions(moto.endpoint));
  }, 30_000);
  afterAll(async () => moto?.stop());
  return { endpoint: () => moto.endpoint, clients: () => clients };
}

export interface BootstrapOptions {
  /** Bucket default encryption; `undefined` in a field means the state key's ARN. @default aws:kms with the state key */
  readonly bucketEncryption?: ServerSideEncryptionByDefault | "none";
  readonly versioning?: "Enabled" | "Suspended" | "never";
  readonly rotation?: boolean;
  /** Lock table encryption: the state key, another new key, or the AWS owned key. @default "state key" */
  readonly tableKey?: "state key" | "other key" | "aws owned";
  /** Leave one resource out, as a bootstrap that stopped half way would. */
  readonly skip?: "alias" | "bucket" | "table";
}

/**
 * What terraform-backend.tf creates, made with real SDK calls on the local server: the state key
 * (rotating) and its alias, the versioned bucket encrypted by default with that key, and the
 * LockID table encrypted with it. `options` breaks one part for a failing case.
 */
export async function bootstrapStateBackend(clients: PreflightClients, config: EnvironmentConfig, options: BootstrapOptions = {}): Promise<{ keyArn: string }> {
  const names = stateBackendNames(config);
  const key = (await clients.kms.send(new CreateKeyCommand({ Description: `Terraform state of ${config.project}` }))).KeyMetadata!;
  if (options.rotation !== false) await clients.kms.send(new EnableKeyRotationCommand({ KeyId: key.KeyId }));
  if (options.skip !== "alias") await clients.kms.send(new CreateAliasCommand({ AliasName: `alias/${config.project}-tfstate`, TargetKeyId: key.KeyId }));
  if (options.skip !== "bucket") {
    await clients.s3.send(new CreateBucketCommand({ Bucket: names.bucket }));
    const versioning = options.versioning ?? "Enabled";
    if (versioning !== "never") await clients.s3.send(new PutBucketVersioningCommand({ Bucket: names.bucket, VersioningConfiguration: { Status: versioning } }));
    const encryption = options.bucketEncryption ?? { SSEAlgorithm: "aws:kms", KMSMasterKeyID: key.Arn };
    if (encryption !== "none") {
      await clients.s3.send(
        new PutBucketEncryptionCommand({ Bucket: names.bucket, ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: encryption, BucketKeyEnabled: true }] } }),
      );
    }
  }
  if (options.skip !== "table") {
    const tableKey = options.tableKey ?? "state key";
    const otherKey = tableKey === "other key" ? (await clients.kms.send(new CreateKeyCommand({ Description: "not the state key" }))).KeyMetadata!.Arn : undefined;
    await clients.dynamodb.send(
      new CreateTableCommand({
        TableName: names.lockTable,
        BillingMode: "PAY_PER_REQUEST",
        KeySchema: [{ AttributeName: "LockID", KeyType: "HASH" }],
        AttributeDefinitions: [{ AttributeName: "LockID", AttributeType: "S" }],
        ...(tableKey === "aws owned" ? {} : { SSESpecification: { Enabled: true, SSEType: "KMS", KMSMasterKeyId: otherKey ?? key.Arn } }),
      }),
    );
  }
  return { keyArn: key.Arn! };
}

/** An error shaped as the SDK throws it for an AWS error response: `name` is the error code. */
export function awsError(name: string, httpStatusCode: number, message = name): Error {
  return Object.assign(new Error(message), { name, $fault: httpStatusCode >= 500 ? "server" : "client", $metadata: { httpStatusCode } });
}

type Handler = (input: any) => unknown;

/**
 * A client whose `send` answers each command by its class name (e.g. "GetAccountSettingsCommand")
 * from `handlers`: a value is returned, an Error is thrown. An unexpected command fails the test.
 */
export function stubClient<T>(handlers: Record<string, Handler | unknown>): T {
  return {
    async send(command: { constructor: { name: string }; input: unknown }) {
      const name = command.constructor.name;
      if (!(name in handlers)) throw new Error(`stub got an unexpected ${name}`);
      const handler = handlers[name];
      const answer = typeof handler === "function" ? (handler as Handler)(command.input) : handler;
      if (answer instanceof Error) throw answer;
      return answer;
    },
  } as unknown as T;
}

/** The real local client, with `overrides` answering some commands first (return undefined to pass one on). */
export function interceptedClient<T extends { send: (...args: any[]) => Promise<any> }>(client: T, override: (command: { constructor: { name: string }; input: any }, forward: () => Promise<any>) => Promise<unknown> | undefined): T {
  return {
    send: (command: any) => {
      const forward = () => client.send(command);
      return override(command, forward) ?? forward();
    },
  } as unknown as T;
}
