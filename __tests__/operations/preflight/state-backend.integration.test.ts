import { CreateTableCommand } from "@aws-sdk/client-dynamodb";
import { DisableKeyCommand } from "@aws-sdk/client-kms";
import { runPreflight, type PreflightClients } from "../../../src/operations/preflight";
import { checkLockTable, checkStateBucket, checkStateBucketVersioning, checkStateKey } from "../../../src/operations/preflight/state-backend";
import { awsError, bootstrapStateBackend, devConfig, interceptedClient, useLocalServer, type BootstrapOptions } from "./preflight-fixture";

/** The bootstrap checks against a local server holding what terraform-backend.tf makes. */
describe("preflight: state backend bootstrap (local AWS server)", () => {
  const server = useLocalServer();
  let clients: PreflightClients;
  beforeAll(() => (clients = server.clients()));

  let projects = 0;
  /** A config of its own project, so each case's bucket, table and alias are its own; bootstrapped as `options` says. */
  async function bootstrapped(options?: BootstrapOptions) {
    const config = devConfig({ project: `pf${++projects}` });
    const { keyArn } = await bootstrapStateBackend(clients, config, options);
    return { config, keyArn };
  }

  async function stateRows(config: ReturnType<typeof devConfig>, using: PreflightClients = clients) {
    const rows = await runPreflight([
      { name: "state key", run: () => checkStateKey(config, using) },
      { name: "state bucket", run: () => checkStateBucket(config, using) },
      { name: "state bucket versioning", run: () => checkStateBucketVersioning(config, using) },
      { name: "lock table", run: () => checkLockTable(config, using) },
    ]);
    return Object.fromEntries(rows.map((r) => [r.name, r]));
  }

  it("passes every row when the bootstrap ran", async () => {
    // Prepare
    const { config, keyArn } = await bootstrapped();
    // Act
    const rows = await stateRows(config);
    // Assess
    expect(Object.values(rows).map((r) => [r.name, r.status])).toEqual([
      ["state key", "pass"],
      ["state bucket", "pass"],
      ["state bucket versioning", "pass"],
      ["lock table", "pass"],
    ]);
    expect(rows["state key"].detail).toBe(`alias/${config.project}-tfstate -> ${keyArn}, enabled, customer managed, rotation on`);
    expect(rows["state bucket"].detail).toBe(`${config.project}-tfstate-123456789012-us-east-1: default encryption aws:kms with ${keyArn} (the bootstrap key)`);
  });

  it("fails every row, each telling to run the bootstrap, in an account where it never ran", async () => {
    // Prepare
    const config = devConfig({ project: "never" });
    // Act
    const rows = await stateRows(config);
    // Assess
    expect(Object.values(rows).map((r) => [r.name, r.status, r.detail])).toEqual([
      ["state key", "fail", "alias/never-tfstate does not exist in us-east-1"],
      ["state bucket", "fail", "never-tfstate-123456789012-us-east-1 does not exist"],
      ["state bucket versioning", "fail", "never-tfstate-123456789012-us-east-1 does not exist"],
      ["lock table", "fail", "never-tfstate-lock does not exist in us-east-1"],
    ]);
    for (const row of Object.values(rows)) expect(row.remedy).toBe("Run the state backend bootstrap in account 123456789012: terraform init && terraform apply -var region=us-east-1 (terraform-backend.tf)");
  });

  it.each([
    ["SSE-S3 instead of the key", { SSEAlgorithm: "AES256" } as const, "default encryption AES256; expected aws:kms with"],
    ["aws:kms without a key (the AWS managed aws/s3 key)", { SSEAlgorithm: "aws:kms" } as const, "default encryption aws:kms; expected aws:kms with"],
    ["aws:kms with another key", { SSEAlgorithm: "aws:kms", KMSMasterKeyID: "arn:aws:kms:us-east-1:123456789012:key/00000000-0000-0000-0000-000000000000" } as const, "with arn:aws:kms:us-east-1:123456789012:key/00000000-0000-0000-0000-000000000000; expected"],
  ])("fails the bucket row for %s", async (_, bucketEncryption, expected) => {
    // Prepare
    const { config, keyArn } = await bootstrapped({ bucketEncryption });
    // Act
    const rows = await stateRows(config);
    // Assess
    expect(rows["state bucket"]).toMatchObject({ status: "fail", detail: expect.stringContaining(expected), remedy: expect.stringMatching(/^Re-apply terraform-backend.tf/) });
    expect(rows["state bucket"].detail).toContain(keyArn);
    expect(rows["state key"].status).toBe("pass");
  });

  it("accepts the bucket's default key given by alias, as S3 allows", async () => {
    // Prepare
    const config = devConfig({ project: `pf${++projects}` });
    await bootstrapStateBackend(clients, config, { bucketEncryption: { SSEAlgorithm: "aws:kms", KMSMasterKeyID: `alias/${config.project}-tfstate` } });
    // Act
    const rows = await stateRows(config);
    // Assess
    expect(rows["state bucket"].status).toBe("pass");
  });

  it.each([
    ["suspended", "Suspended", "versioning Suspended"],
    ["never enabled", "never", "versioning never enabled"],
  ] as const)("fails the versioning row when versioning is %s", async (_, versioning, expected) => {
    // Prepare
    const { config } = await bootstrapped({ versioning });
    // Act
    const rows = await stateRows(config);
    // Assess
    expect(rows["state bucket versioning"]).toMatchObject({ status: "fail", detail: `${config.project}-tfstate-123456789012-us-east-1: ${expected}` });
  });

  it("fails the key row when rotation is off, and the bucket and table rows when the alias is missing", async () => {
    // Prepare
    const noRotation = await bootstrapped({ rotation: false });
    const noAlias = await bootstrapped({ skip: "alias" });
    // Act
    const [rotationRows, aliasRows] = [await stateRows(noRotation.config), await stateRows(noAlias.config)];
    // Assess
    expect(rotationRows["state key"]).toMatchObject({ status: "fail", detail: expect.stringContaining("automatic rotation is off"), remedy: expect.stringContaining("aws kms enable-key-rotation") });
    expect(aliasRows["state key"]).toMatchObject({ status: "fail", detail: `alias/${noAlias.config.project}-tfstate does not exist in us-east-1` });
    expect(aliasRows["state bucket"]).toMatchObject({ status: "fail", detail: expect.stringContaining("(which does not exist)") });
    expect(aliasRows["lock table"]).toMatchObject({ status: "fail", detail: expect.stringContaining("not the state key (missing)") });
  });

  it("fails the key row when the state key is disabled", async () => {
    // Prepare
    const { config, keyArn } = await bootstrapped();
    // moto 5.2.1 answers DisableKey by key ARN with a 500: the key id works
    await clients.kms.send(new DisableKeyCommand({ KeyId: keyArn.split("/")[1] }));
    // Act
    const rows = await stateRows(config);
    // Assess
    expect(rows["state key"]).toMatchObject({ status: "fail", detail: `alias/${config.project}-tfstate -> ${keyArn} is Disabled, managed by CUSTOMER` });
  });

  it("says rotation was not checked, and still passes the key, where the role may not ask for it", async () => {
    // Prepare
    const { config } = await bootstrapped();
    const denied = { ...clients, kms: interceptedClient(clients.kms, (command) => (command.constructor.name === "GetKeyRotationStatusCommand" ? Promise.reject(awsError("AccessDeniedException", 400, "not allowed")) : undefined)) };
    // Act
    const rows = await stateRows(config, denied);
    // Assess
    expect(rows["state key"]).toMatchObject({ status: "pass", detail: expect.stringContaining("rotation not checked (the role may not call kms:GetKeyRotationStatus)") });
  });

  it.each([
    ["encrypted with another key", "other key", /encryption KMS with arn:aws:kms:us-east-1:123456789012:key\/[-0-9a-f]+, not the state key/],
    ["encrypted with the AWS owned key", "aws owned", /encryption AWS owned key, not the state key/],
  ] as const)("fails the lock table row when it is %s", async (_, tableKey, expected) => {
    // Prepare
    const { config } = await bootstrapped({ tableKey });
    // Act
    const rows = await stateRows(config);
    // Assess
    expect(rows["lock table"]).toMatchObject({ status: "fail", detail: expect.stringMatching(expected), remedy: expect.stringContaining("aws_dynamodb_table.lock") });
  });

  it("fails the lock table row when its partition key is not Terraform's LockID string", async () => {
    // Prepare
    const { config } = await bootstrapped({ skip: "table" });
    await clients.dynamodb.send(
      new CreateTableCommand({ TableName: `${config.project}-tfstate-lock`, BillingMode: "PAY_PER_REQUEST", KeySchema: [{ AttributeName: "id", KeyType: "HASH" }], AttributeDefinitions: [{ AttributeName: "id", AttributeType: "N" }] }),
    );
    // Act
    const rows = await stateRows(config);
    // Assess
    expect(rows["lock table"]).toMatchObject({ status: "fail", detail: expect.stringContaining("partition key id (N), not LockID (S)") });
  });

  it("turns a refused call into a FAIL row naming the IAM action and the error code", async () => {
    // Prepare
    const { config } = await bootstrapped();
    const refused = {
      ...clients,
      s3: interceptedClient(clients.s3, (command) =>
        command.constructor.name === "GetBucketVersioningCommand" ? Promise.reject(awsError("AccessDenied", 403, "Access Denied")) : undefined,
      ),
    };
    // Act
    const rows = await stateRows(config, refused);
    // Assess
    expect(rows["state bucket versioning"]).toEqual({
      name: "state bucket versioning",
      status: "fail",
      detail: "s3:GetBucketVersioning failed: AccessDenied (HTTP 403): Access Denied",
      remedy: "Allow s3:GetBucketVersioning to the role running preflight (a read-only action), then run it again",
    });
    expect(rows["state bucket"].status).toBe("pass");
  });
});
