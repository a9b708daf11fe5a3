import { DescribeReplayCommand, StartReplayCommand, type EventBridgeClient } from "@aws-sdk/client-eventbridge";
import { Naming } from "../../../src/config/naming";
import { ENVIRONMENTS } from "../../../src/config/environments";
import { UsageError } from "../../../src/operations/glue";
import { marketEventsNames, parseReplayWindow, replayArchive, replayNameFor, ruleArn, type ReplayProgress } from "../../../src/operations/replay";

const NOW = new Date("2026-12-03T12:00:00Z");
const BUS_ARN = "arn:aws:events:us-east-1:123456789012:event-bus/mdl-dev-use1-market-events";

describe("parseReplayWindow", () => {
  it("reads ISO instants with a zone, and a date as its 00:00Z", () => {
    expect(parseReplayWindow("2026-12-01", "2026-12-01T14:30:00-05:00", NOW)).toEqual({ from: new Date("2026-12-01T00:00:00Z"), to: new Date("2026-12-01T19:30:00Z") });
  });

  it.each([
    [undefined, "2026-12-01T10:00:00Z", /--from is required/],
    ["2026-12-01T09:00:00", "2026-12-01T10:00:00Z", /--from "2026-12-01T09:00:00" has no time zone; add Z or an offset/],
    ["yesterday", "2026-12-01T10:00:00Z", /--from "yesterday" has no time zone/],
    ["2026-12-01T10:00:00Z", "2026-12-01T09:00:00Z", /--to 2026-12-01T09:00:00Z must be after --from/],
    ["2026-12-01T10:00:00Z", "2026-12-04T00:00:00Z", /--to 2026-12-04T00:00:00Z is in the future/],
  ])("refuses from=%p to=%p, saying why", (from, to, message) => {
    expect(() => parseReplayWindow(from, to, NOW)).toThrow(UsageError);
    expect(() => parseReplayWindow(from, to, NOW)).toThrow(message);
  });
});

describe("names", () => {
  it("names the bus, archive and type rules as the market events stack does", () => {
    const names = marketEventsNames(new Naming(ENVIRONMENTS.dev!));

    expect([names.bus, names.archive, names.rule("trade")]).toEqual(["mdl-dev-use1-market-events", "mdl-dev-use1-market-events-archive", "mdl-dev-use1-market-events-trade"]);
    expect(ruleArn(BUS_ARN, names.rule("trade"))).toBe("arn:aws:events:us-east-1:123456789012:rule/mdl-dev-use1-market-events/mdl-dev-use1-market-events-trade");
  });

  it("makes replay names EventBridge accepts (1-64 of [.-_A-Za-z0-9])", () => {
    const name = replayNameFor(["trade", "orderbook"], new Date("2026-12-01T14:30:00.123Z"), NOW);

    expect(name).toBe("replay-trade-orderbook-20261201T143000Z-at-20261203T120000Z");
    expect(name).toMatch(/^[.\-_A-Za-z0-9]{1,64}$/);
  });
});

describe("replayArchive", () => {
  const request = { replayName: "r", archiveArn: "arn:aws:events:us-east-1:123456789012:archive/a", busArn: BUS_ARN, from: new Date("2026-12-01T00:00:00Z"), to: new Date("2026-12-01T10:00:00Z"), ruleArns: ["arn:rule"] };
  const fakeClient = (states: Array<{ State: string; EventLastReplayedTime?: Date; StateReason?: string }>) => {
    const sent: unknown[] = [];
    const client = {
      send: async (command: unknown) => {
        sent.push(command);
        return command instanceof DescribeReplayCommand ? states.shift() : {};
      },
    } as unknown as EventBridgeClient;
    return { client, sent };
  };

  it("starts the replay onto the bus for the given rules and reports progress until COMPLETED", async () => {
    // Prepare
    const { client, sent } = fakeClient([{ State: "STARTING" }, { State: "RUNNING", EventLastReplayedTime: new Date("2026-12-01T05:00:00Z") }, { State: "COMPLETED" }]);
    const progress: ReplayProgress[] = [];

    // Act
    const outcome = await replayArchive(client, request, { sleep: async () => undefined, onProgress: (p) => progress.push(p) });

    // Assess
    expect((sent[0] as StartReplayCommand).input).toEqual({ ReplayName: "r", EventSourceArn: request.archiveArn, EventStartTime: request.from, EventEndTime: request.to, Destination: { Arn: BUS_ARN, FilterArns: ["arn:rule"] } });
    expect(progress).toEqual([{ state: "STARTING", done: 0 }, { state: "RUNNING", done: 0.5 }, { state: "COMPLETED", done: 1 }]);
    expect(outcome).toMatchObject({ state: "COMPLETED", succeeded: true });
  });

  it("ends unsuccessful on FAILED with the reason", async () => {
    const { client } = fakeClient([{ State: "FAILED", StateReason: "archive retention exceeded" }]);

    await expect(replayArchive(client, { ...request, ruleArns: [] }, { sleep: async () => undefined })).resolves.toMatchObject({ state: "FAILED", succeeded: false, reason: "archive retention exceeded" });
  });
});
