import { readRealtimeSettings } from "../../../handlers/realtime/settings";
import { ENV, SETTINGS } from "./kinesis-fixture";

describe("readRealtimeSettings", () => {
  it("reads the environment the stack sets", () => {
    // Act
    const settings = readRealtimeSettings(ENV);
    // Assess
    expect(settings).toEqual(SETTINGS);
  });

  it("gives a dataset the zone PARTITION_TIME_ZONES names, and UTC to the others", () => {
    // Act
    const settings = readRealtimeSettings({ ...ENV, PARTITION_TIME_ZONES: '{"trades":"America/New_York"}' });
    // Assess
    expect(settings.partitionTimeZones).toEqual({ trades: "America/New_York", quotes: "UTC", bars: "UTC" });
  });

  it.each(Object.keys(ENV))("fails naming %s when it is not set", (name) => {
    // Prepare
    const env = { ...ENV, [name]: undefined };
    // Act / Assess
    expect(() => readRealtimeSettings(env)).toThrow(`Environment variable ${name} is not set`);
  });

  it.each([
    ["PRICE_JUMP_RATIO", "abc", 'PRICE_JUMP_RATIO="abc" is not a number > 0'],
    ["MAX_SPREAD_RATIO", "0", 'MAX_SPREAD_RATIO="0" is not a number > 0'],
    ["MAX_GAP_SECONDS", "-5", 'MAX_GAP_SECONDS="-5" is not a number > 0'],
    ["OUT_OF_ORDER_POLICY", "drop", 'OUT_OF_ORDER_POLICY="drop" is not allowed; use "flag" or "reject"'],
    ["ALERT_TOPIC_ARN", "alerts-dev", 'ALERT_TOPIC_ARN="alerts-dev" is not an SNS topic ARN'],
    ["PARTITION_TIME_ZONES", "trades=UTC", "PARTITION_TIME_ZONES is not JSON"],
    ["PARTITION_TIME_ZONES", '["UTC"]', "PARTITION_TIME_ZONES must be a JSON object of dataset to IANA time zone"],
    ["PARTITION_TIME_ZONES", '{"orders":"UTC"}', 'dataset "orders" is unknown, allowed values are trades, quotes, bars'],
    ["PARTITION_TIME_ZONES", '{"trades":"America/Gotham"}', 'trades has time zone "America/Gotham", which is not an IANA time zone'],
  ])("fails naming %s when it holds %s", (name, value, message) => {
    // Act / Assess
    expect(() => readRealtimeSettings({ ...ENV, [name]: value })).toThrow(message);
  });
});

describe("the Lambda entry (handlers/realtime/index.ts)", () => {
  const saved = process.env;
  afterEach(() => {
    process.env = saved;
  });

  it("builds the handler at load from the environment", () => {
    // Prepare
    process.env = { ...saved, ...ENV, AWS_REGION: "us-east-1" };
    // Act
    let loaded: { handler: unknown } | undefined;
    jest.isolateModules(() => (loaded = require("../../../handlers/realtime/index")));
    // Assess
    expect(typeof loaded?.handler).toBe("function");
  });

  it("fails at load naming a variable the stack did not set", () => {
    // Prepare
    process.env = { ...saved, ...ENV, MAX_GAP_SECONDS: undefined };
    // Act / Assess
    expect(() => jest.isolateModules(() => require("../../../handlers/realtime/index"))).toThrow("Environment variable MAX_GAP_SECONDS is not set");
  });
});
