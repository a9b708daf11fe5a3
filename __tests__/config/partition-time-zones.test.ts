import { validateEnvironmentConfig } from "../../src/config";
import { ENVIRONMENTS } from "../../src/config/environments";
import { devConfigWith } from "../support/synth";

const zones = ENVIRONMENTS.dev.partitionTimeZones;

describe("partitionTimeZones config", () => {
  it.each([
    [{ ...zones, trades: "America/New_Yrok" }, /partitionTimeZones.trades: "America\/New_Yrok" is not an IANA time zone name; use one such as "America\/New_York", "Europe\/London" or "UTC"/],
    [{ trades: zones.trades, quotes: zones.quotes }, /partitionTimeZones.bars: undefined is not an IANA time zone name/],
    [{ ...zones, options: "UTC" }, /partitionTimeZones.options: is not a dataset; datasets are "trades", "quotes", "bars"/],
  ])("names the dataset and what is allowed for %p", (partitionTimeZones, message) => {
    expect(() => validateEnvironmentConfig(devConfigWith({ partitionTimeZones } as never))).toThrow(message);
  });

  it("dates every dataset of every environment in New York time (US equities)", () => {
    for (const env of Object.values(ENVIRONMENTS)) expect(env.partitionTimeZones).toEqual({ trades: "America/New_York", quotes: "America/New_York", bars: "America/New_York" });
  });
});
