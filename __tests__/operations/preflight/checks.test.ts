import type { KinesisClient } from "@aws-sdk/client-kinesis";
import { ResourceNotFoundException, type LambdaClient } from "@aws-sdk/client-lambda";
import { AccessDeniedException, NoSuchResourceException, type ServiceQuotasClient } from "@aws-sdk/client-service-quotas";
import type { STSClient } from "@aws-sdk/client-sts";
import { checkCallerAccount, checkPartnerAccounts } from "../../../src/operations/preflight/accounts";
import { ApiCallError, failedCheck, remedyForFailedCall } from "../../../src/operations/preflight/check";
import { allPassed, runPreflight } from "../../../src/operations/preflight";
import { checkLambdaConcurrency, lakeReservations } from "../../../src/operations/preflight/lambda-concurrency";
import { checkKinesisOnDemandStreams, checkServiceQuota, glueJobRunsNeed, putEventsRateNeed } from "../../../src/operations/preflight/service-quotas";
import { awsError, devConfig, stubClient } from "./preflight-fixture";
import { loadEnvironmentConfig } from "../../../src/config";

const meta = { $metadata: { httpStatusCode: 400 } };

/**
 * Lambda GetAccountSettings as AWS answers it
 * (https://docs.aws.amazon.com/lambda/latest/api/API_GetAccountSettings.html, response syntax),
 * here with the concurrency of a new account or a raised one.
 */
function accountSettings(concurrentExecutions: number, unreserved = concurrentExecutions) {
  return {
    AccountLimit: { CodeSizeUnzipped: 262144000, CodeSizeZipped: 52428800, ConcurrentExecutions: concurrentExecutions, TotalCodeSize: 80530636800, UnreservedConcurrentExecutions: unreserved },
    AccountUsage: { FunctionCount: 3, TotalCodeSize: 9876543 },
  };
}

function lambdaStub(settings: unknown, reserved: Record<string, number | Error> = {}): LambdaClient {
  return stubClient<LambdaClient>({
    GetAccountSettingsCommand: settings,
    GetFunctionConcurrencyCommand: (input: { FunctionName: string }) =>
      input.FunctionName in reserved
        ? reserved[input.FunctionName] instanceof Error
          ? reserved[input.FunctionName]
          : { ReservedConcurrentExecutions: reserved[input.FunctionName] }
        : new ResourceNotFoundException({ message: `Function not found: ${input.FunctionName}`, Type: "User", ...meta }),
  });
}

describe("lambda concurrency", () => {
  const prod = loadEnvironmentConfig("prod");
  // The arithmetic below is shown on the validation function's reservation alone.
  const validationOnly = lakeReservations(prod).filter((r) => r.functionName === "mdl-prd-use1-validate-raw");

  it("derives prod's reservations from the config: 85 for the validation function, one per shard for the real-time function, the market events functions from their capacity", () => {
    expect(lakeReservations(prod)).toEqual([
      { functionName: "mdl-prd-use1-validate-raw", reserved: 85 },
      { functionName: "mdl-prd-use1-realtime-checks", reserved: 1875 },
      { functionName: "mdl-prd-use1-market-events-ingest", reserved: 84 },
      { functionName: "mdl-prd-use1-market-events-saga-validate", reserved: 334 },
      { functionName: "mdl-prd-use1-market-events-saga-enrich", reserved: 334 },
      { functionName: "mdl-prd-use1-market-events-saga-store", reserved: 334 },
      { functionName: "mdl-prd-use1-market-events-saga-compensate", reserved: 34 },
    ]);
  });

  it("fails prod on the default quota of 1000: its 1875 shards each need an instance of the real-time function, and market events 1120 more", async () => {
    const row = await checkLambdaConcurrency(prod, { lambda: lambdaStub(accountSettings(1000)) });
    // 85 + 1875 + 1120 = 3080 reserved, plus the 100 Lambda keeps unreserved.
    expect(row).toMatchObject({ status: "fail", remedy: expect.stringContaining("to at least 3180") });
  });

  it("passes when the quota leaves 100 unreserved after the reservation", async () => {
    // Prepare: the default 1000
    const lambda = lambdaStub(accountSettings(1000));
    // Act
    const row = await checkLambdaConcurrency(prod, { lambda }, validationOnly);
    // Assess
    expect(row).toEqual({ name: "lambda concurrency", status: "pass", detail: "quota 1000, unreserved 1000; reserving 85 (mdl-prd-use1-validate-raw 85) leaves 915 >= 100", remedy: "" });
  });

  it.each([10, 50])("fails a new account's quota of %i, asking for the increase the reservation needs", async (quota) => {
    // Prepare
    const lambda = lambdaStub(accountSettings(quota));
    // Act
    const row = await checkLambdaConcurrency(prod, { lambda }, validationOnly);
    // Assess: 85 reserved + 100 unreserved = 185
    expect(row.status).toBe("fail");
    expect(row.detail).toBe(`quota ${quota}, unreserved ${quota}; reserving 85 (mdl-prd-use1-validate-raw 85) leaves ${quota - 85}, below the 100 Lambda keeps unreserved: the reservation would fail`);
    expect(row.remedy).toBe('Request a quota increase of Lambda "Concurrent executions" (Service Quotas lambda / L-B99A9384) in us-east-1 to at least 185 (new accounts start at 10 or 50)');
  });

  it("fails at the boundary: 184 leaves 99", async () => {
    const row = await checkLambdaConcurrency(prod, { lambda: lambdaStub(accountSettings(184)) }, validationOnly);
    expect(row).toMatchObject({ status: "fail", remedy: expect.stringContaining("to at least 185") });
    expect((await checkLambdaConcurrency(prod, { lambda: lambdaStub(accountSettings(185)) }, validationOnly)).status).toBe("pass");
  });

  it("counts reservations other functions already hold against the quota", async () => {
    // Prepare: 1000, of which other functions reserved 850
    const lambda = lambdaStub(accountSettings(1000, 150));
    // Act
    const row = await checkLambdaConcurrency(prod, { lambda }, validationOnly);
    // Assess
    expect(row).toMatchObject({ status: "fail", detail: expect.stringContaining("unreserved 150; reserving 85 (mdl-prd-use1-validate-raw 85) leaves 65"), remedy: expect.stringContaining("to at least 1035") });
  });

  it("gives back the reservation the function already holds on a later deploy, instead of counting it twice", async () => {
    // Prepare: quota 200, the deployed function holds its 85, so 115 are unreserved
    const lambda = lambdaStub(accountSettings(200, 115), { "mdl-prd-use1-validate-raw": 85 });
    // Act
    const row = await checkLambdaConcurrency(prod, { lambda }, validationOnly);
    // Assess: 115 + 85 - 85 = 115 >= 100
    expect(row).toEqual({
      name: "lambda concurrency",
      status: "pass",
      detail: "quota 200, unreserved 115 (85 already reserved by these functions); reserving 85 (mdl-prd-use1-validate-raw 85) leaves 115 >= 100",
      remedy: "",
    });
  });

  it("adds up every reservation in the list", async () => {
    // Prepare: a later function with 40 more
    const reservations = [...validationOnly, { functionName: "mdl-prd-use1-realtime", reserved: 40 }];
    // Act
    const row = await checkLambdaConcurrency(prod, { lambda: lambdaStub(accountSettings(220)) }, reservations);
    // Assess: 220 - 125 = 95
    expect(row).toMatchObject({ status: "fail", detail: expect.stringContaining("reserving 125 (mdl-prd-use1-validate-raw 85, mdl-prd-use1-realtime 40) leaves 95"), remedy: expect.stringContaining("to at least 225") });
  });

  it("fails as unknown when the response has no concurrency figures", async () => {
    const row = await checkLambdaConcurrency(prod, { lambda: lambdaStub({ AccountUsage: { FunctionCount: 0 } }) });
    expect(row).toMatchObject({ status: "fail", detail: expect.stringMatching(/^unknown: /) });
  });

  it("becomes a FAIL row naming the action when GetAccountSettings is refused", async () => {
    // Prepare
    const lambda = lambdaStub(awsError("AccessDeniedException", 403, "User is not authorized to perform: lambda:GetAccountSettings"));
    // Act
    const [row] = await runPreflight([{ name: "lambda concurrency", run: () => checkLambdaConcurrency(prod, { lambda }) }]);
    // Assess
    expect(row).toEqual({
      name: "lambda concurrency",
      status: "fail",
      detail: "lambda:GetAccountSettings failed: AccessDeniedException (HTTP 403): User is not authorized to perform: lambda:GetAccountSettings",
      remedy: "Allow lambda:GetAccountSettings to the role running preflight (a read-only action), then run it again",
    });
  });
});

/**
 * Service Quotas GetServiceQuota as AWS answers it
 * (https://docs.aws.amazon.com/servicequotas/2019-06-24/apireference/API_GetServiceQuota.html).
 */
function quotaAnswer(serviceCode: string, quotaCode: string, value: number, extra: Record<string, unknown> = {}) {
  return {
    Quota: {
      ServiceCode: serviceCode,
      ServiceName: serviceCode === "glue" ? "AWS Glue" : "Amazon EventBridge (CloudWatch Events)",
      QuotaArn: `arn:aws:servicequotas:us-east-1:123456789012:${serviceCode}/${quotaCode}`,
      QuotaCode: quotaCode,
      QuotaName: "a quota",
      Value: value,
      Unit: "None",
      Adjustable: true,
      GlobalQuota: false,
      ...extra,
    },
  };
}

describe("service quotas", () => {
  const dev = devConfig();
  const glue = glueJobRunsNeed();
  const events = putEventsRateNeed(dev);
  const quotas = (handlers: Record<string, unknown>) => ({ serviceQuotas: stubClient<ServiceQuotasClient>(handlers) });

  it("needs 2 concurrent Glue job runs, and PutEvents requests for the ingest batches plus one stored event per execution", () => {
    expect(glue).toMatchObject({ serviceCode: "glue", quotaCode: "L-5E4153CA", needed: 2 });
    // dev: 6,000 a minute = 100/s, x2 headroom = 200 events/s in requests of 10 = 20, plus 200 stored events.
    expect(events).toMatchObject({ serviceCode: "events", quotaCode: "L-9B653E91", needed: 220, why: "20 ingest requests + 200 stored events a second at capacity.peakMarketEventsPerMinute 6000 with headroom" });
    expect(putEventsRateNeed(devConfig({ capacity: { ...dev.capacity, peakMarketEventsPerMinute: 6_030 } })).needed).toBe(21 + 201);
  });

  it("passes an applied quota at or above the need, and asks for the increase below it", async () => {
    // Prepare
    const enough = quotas({ GetServiceQuotaCommand: quotaAnswer("events", "L-9B653E91", 220) });
    const short = quotas({ GetServiceQuotaCommand: quotaAnswer("events", "L-9B653E91", 219) });
    // Act
    const [passRow, failRow] = [await checkServiceQuota(dev, enough, events), await checkServiceQuota(dev, short, events)];
    // Assess
    expect(passRow).toMatchObject({ name: "quota events/L-9B653E91", status: "pass", detail: expect.stringContaining(": 220 (applied); needs 220 (20 ingest requests + 200 stored events a second at capacity.peakMarketEventsPerMinute 6000 with headroom)") });
    expect(failRow).toMatchObject({
      status: "fail",
      remedy: "Request a quota increase of PutEvents throttle limit in transactions per second (events / L-9B653E91) in us-east-1 to at least 220",
    });
  });

  it("falls back to the AWS default where no applied value exists, and says so", async () => {
    // Prepare
    const serviceQuotas = quotas({
      GetServiceQuotaCommand: new NoSuchResourceException({ message: "The request failed because the specified service does not exist.", ...meta }),
      GetAWSDefaultServiceQuotaCommand: quotaAnswer("glue", "L-5E4153CA", 2000),
    });
    // Act
    const row = await checkServiceQuota(dev, serviceQuotas, glue);
    // Assess
    expect(row).toMatchObject({ status: "pass", detail: "Max concurrent job runs per account (glue / L-5E4153CA): 2000 (AWS default, no applied value); needs 2 (2 jobs x 1 concurrent run)" });
  });

  it.each([
    ["the call is refused", { GetServiceQuotaCommand: new AccessDeniedException({ message: "not authorized", ...meta }) }, "unknown: servicequotas:GetServiceQuota failed: AccessDeniedException (HTTP 400): not authorized", ", or allow servicequotas:GetServiceQuota to the preflight role"],
    [
      "neither an applied nor a default value is known",
      { GetServiceQuotaCommand: new NoSuchResourceException({ message: "none", ...meta }), GetAWSDefaultServiceQuotaCommand: new NoSuchResourceException({ message: "none", ...meta }) },
      "unknown: no applied value (NoSuchResourceException), and servicequotas:GetAWSDefaultServiceQuota failed: NoSuchResourceException (HTTP 400): none",
      "",
    ],
    [
      "Service Quotas withholds the value",
      { GetServiceQuotaCommand: quotaAnswer("glue", "L-5E4153CA", 0, { Value: undefined, ErrorReason: { ErrorCode: "DEPENDENCY_ACCESS_DENIED_ERROR", ErrorMessage: "no access to glue" } }) },
      "unknown: Service Quotas gave no value (DEPENDENCY_ACCESS_DENIED_ERROR: no access to glue)",
      "",
    ],
  ])("fails, never passes, when %s", async (_, handlers, detail, allow) => {
    // Act
    const row = await checkServiceQuota(dev, quotas(handlers), glue);
    // Assess
    expect(row).toMatchObject({ status: "fail", detail, remedy: `Confirm in the Service Quotas console (us-east-1) that Max concurrent job runs per account (glue / L-5E4153CA) >= 2${allow}` });
  });

  it("fails Kinesis when no on-demand stream is free (DescribeLimits as AWS answers it)", async () => {
    // Prepare
    const kinesis = stubClient<KinesisClient>({ DescribeLimitsCommand: { ShardLimit: 500, OpenShardCount: 12, OnDemandStreamCount: 50, OnDemandStreamCountLimit: 50 } });
    // Act
    const row = await checkKinesisOnDemandStreams(dev, { kinesis });
    // Assess
    expect(row).toMatchObject({ status: "fail", detail: "50 of 50 on-demand streams in use, 0 free; the lake needs 1", remedy: expect.stringContaining("on-demand stream quota") });
  });
});

describe("partner accounts", () => {
  it("passes partners of other accounts, listing them", () => {
    const row = checkPartnerAccounts(devConfig());
    expect(row).toEqual({ name: "partner accounts", status: "pass", detail: "none is the lake's account 123456789012: producer exchange-feed 210987654321, consumer quant-research 345678901234", remedy: "" });
  });

  it("fails a partner that has the lake's own account", () => {
    // Prepare
    const dev = devConfig();
    const config = devConfig({ consumers: [...dev.consumers, { name: "self", accountId: dev.accountId, externalId: "mdl-dev-self-000000" }] });
    // Act
    const row = checkPartnerAccounts(config);
    // Assess
    expect(row).toMatchObject({ status: "fail", detail: "consumer self has the lake's own account 123456789012", remedy: expect.stringContaining("its own account id") });
  });
});

describe("runner and failed calls", () => {
  it("runs every check, keeps their order, and turns a throwing check into a FAIL row while the others still run", async () => {
    // Prepare
    const sts = stubClient<STSClient>({ GetCallerIdentityCommand: awsError("ExpiredToken", 400, "The security token included in the request is expired") });
    // Act
    const rows = await runPreflight([
      { name: "partner accounts", run: () => checkPartnerAccounts(devConfig()) },
      { name: "caller account", run: () => checkCallerAccount(devConfig(), { sts }) },
      { name: "a bug", run: () => Promise.reject(new TypeError("x is undefined")) },
    ]);
    // Assess
    expect(rows.map((r) => [r.name, r.status])).toEqual([
      ["partner accounts", "pass"],
      ["caller account", "fail"],
      ["a bug", "fail"],
    ]);
    expect(rows[1]).toMatchObject({ detail: "sts:GetCallerIdentity failed: ExpiredToken (HTTP 400): The security token included in the request is expired", remedy: "Refresh the credentials (ExpiredToken) and run preflight again" });
    expect(rows[2]).toMatchObject({ detail: "the check itself failed: x is undefined" });
    expect(allPassed(rows)).toBe(false);
    expect(allPassed(rows.slice(0, 1))).toBe(true);
  });

  it.each([
    [awsError("UnauthorizedOperation", 403), "Allow ec2:DescribeVpcEndpointServices to the role running preflight (a read-only action), then run it again"],
    [Object.assign(new SyntaxError("Unexpected token '<'"), { $metadata: { httpStatusCode: 404 } }), "This endpoint does not serve ec2:DescribeVpcEndpointServices: run preflight against AWS for this check"],
    [awsError("InternalError", 500), "Run preflight again; if ec2:DescribeVpcEndpointServices keeps failing, check the region, network and --endpoint"],
  ])("gives a failed call the remedy its error calls for (%#)", (error, remedy) => {
    const failed = new ApiCallError("ec2:DescribeVpcEndpointServices", error);
    expect(remedyForFailedCall(failed)).toBe(remedy);
    expect(failedCheck("endpoint services", failed)).toMatchObject({ status: "fail", remedy });
  });
});
