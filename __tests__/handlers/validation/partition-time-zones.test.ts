import { parsePartitionTimeZones } from "../../../handlers/shared/partition-time-zones";
import { readSettings } from "../../../handlers/validation/settings";

describe("PARTITION_TIME_ZONES", () => {
  it("gives every dataset a zone, UTC unless listed", () => {
    // Act
    const settings = readSettings({ ENVIRONMENT: "test", LINEAGE_TABLE: "t", ALERT_TOPIC_ARN: "a", PARTITION_TIME_ZONES: '{"trades":"America/New_York"}' });
    // Assess
    expect(settings.partitionTimeZones).toEqual({ trades: "America/New_York", quotes: "UTC", bars: "UTC" });
    expect(readSettings({ ENVIRONMENT: "test", LINEAGE_TABLE: "t", ALERT_TOPIC_ARN: "a" }).partitionTimeZones).toEqual({ trades: "UTC", quotes: "UTC", bars: "UTC" });
  });

  it.each([
    ["not JSON", "{trades", "Environment variable PARTITION_TIME_ZONES is not JSON"],
    ["not an object", '["UTC"]', "must be a JSON object of dataset to IANA time zone"],
    ["an unknown dataset", '{"options":"UTC"}', 'dataset "options" is unknown, allowed values are trades, quotes, bars'],
    ["an unknown zone", '{"quotes":"Mars/Olympus"}', 'quotes has time zone "Mars/Olympus", which is not an IANA time zone'],
  ])("refuses %s, naming the variable", (_case, text, message) => {
    expect(() => parsePartitionTimeZones(text)).toThrow(message);
  });
});
