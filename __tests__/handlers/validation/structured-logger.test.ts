import type { Context } from "aws-lambda";
import { StructuredLogger } from "../../../handlers/validation/structured-logger";

const NOW = new Date("2026-11-20T14:30:00.123Z");
const context = { invokedFunctionArn: "arn:aws:lambda:us-east-1:123456789012:function:validate-raw", memoryLimitInMB: "1024", functionName: "validate-raw", awsRequestId: "req-1" } as unknown as Context;

function capturingLogger(env: Record<string, string> = {}): { logger: StructuredLogger; entries: () => Array<Record<string, unknown>> } {
  const lines: string[] = [];
  const logger = new StructuredLogger({ env: { POWERTOOLS_SERVICE_NAME: "validate-raw", ...env }, write: (line) => void lines.push(line), now: () => NOW });
  return { logger, entries: () => lines.map((l) => JSON.parse(l)) };
}

describe("StructuredLogger", () => {
  it("writes one JSON line with level, message, timestamp, service, the invocation's context, trace id and fields", () => {
    // Prepare
    const { logger, entries } = capturingLogger({ AWS_LAMBDA_INITIALIZATION_TYPE: "on-demand", _X_AMZN_TRACE_ID: "Root=1-6543-abc;Parent=def;Sampled=1" });
    logger.addContext(context);
    // Act
    logger.info("object processed", { object: "s3://raw/k", result: "validated" });
    // Assess
    expect(entries()).toEqual([
      {
        level: "INFO",
        message: "object processed",
        timestamp: "2026-11-20T14:30:00.123Z",
        service: "validate-raw",
        cold_start: true,
        function_arn: context.invokedFunctionArn,
        function_memory_size: "1024",
        function_name: "validate-raw",
        function_request_id: "req-1",
        xray_trace_id: "1-6543-abc",
        object: "s3://raw/k",
        result: "validated",
      },
    ]);
  });

  it("marks only the first invocation of an on-demand environment as a cold start", () => {
    // Prepare
    const { logger, entries } = capturingLogger({ AWS_LAMBDA_INITIALIZATION_TYPE: "on-demand" });
    // Act
    logger.addContext(context);
    logger.info("first");
    logger.addContext({ ...context, awsRequestId: "req-2" });
    logger.info("second");
    // Assess
    expect(entries().map((e) => [e.cold_start, e.function_request_id])).toEqual([[true, "req-1"], [false, "req-2"]]);
  });

  it("drops lines below the level, taking the function's stricter Lambda log level", () => {
    // Prepare
    const { logger, entries } = capturingLogger({ POWERTOOLS_LOG_LEVEL: "DEBUG", AWS_LAMBDA_LOG_LEVEL: "WARN" });
    // Act
    logger.debug("d");
    logger.info("i");
    logger.warn("w");
    logger.error("e");
    // Assess
    expect(entries().map((e) => e.level)).toEqual(["WARN", "ERROR"]);
  });

  it("logs at INFO and above by default", () => {
    const { logger, entries } = capturingLogger();
    logger.debug("d");
    logger.info("i");
    expect(entries().map((e) => e.message)).toEqual(["i"]);
  });

  it("writes errors with name, message and stack, leaves out empty fields and survives cycles", () => {
    // Prepare
    const { logger, entries } = capturingLogger();
    const error = Object.assign(new Error("Please reduce your request rate."), { name: "SlowDown", $fault: "server" });
    const cyclic: Record<string, unknown> = { id: 1 };
    cyclic.self = cyclic;
    // Act
    logger.warn("retrying", { error, cyclic, versionId: undefined, etag: null, shared: [error.name, error.name] });
    // Assess
    const [entry] = entries();
    expect(entry.error).toMatchObject({ name: "SlowDown", message: "Please reduce your request rate.", $fault: "server", stack: expect.stringContaining("SlowDown") });
    expect(entry.cyclic).toEqual({ id: 1 });
    expect(entry).not.toHaveProperty("versionId");
    expect(entry).not.toHaveProperty("etag");
    expect(entry.shared).toEqual(["SlowDown", "SlowDown"]);
  });
});
