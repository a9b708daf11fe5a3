import { validateEnvironmentConfig } from "../../src/config";
import { ENVIRONMENTS } from "../../src/config/environments";
import { devConfigWith } from "../support/synth";

const dev = ENVIRONMENTS.dev;
const job = dev.etl.rawToProcessed;

describe("etl and athena config", () => {
  it.each([
    [{ etl: { ...dev.etl, scheduleMinutes: 45 } }, /etl.scheduleMinutes: 45 is not allowed; use one of 15, 20, 30, 60, 120, 180, 240, 360, 720, 1440/],
    [{ etl: { ...dev.etl, rawToProcessed: { ...job, workerType: "G.16X" } } }, /etl.rawToProcessed.workerType: "G.16X" is not allowed; use one of "G.1X", "G.2X", "G.4X", "G.8X"/],
    [{ etl: { ...dev.etl, rawToProcessed: { ...job, workerType: "G.4X", executionClass: "FLEX" } } }, /etl.rawToProcessed.workerType: "G.4X" cannot run with executionClass "FLEX"; use "G.1X" or "G.2X", or executionClass "STANDARD"/],
    [{ etl: { ...dev.etl, processedToCurated: { ...job, maxWorkers: 1 } } }, /etl.processedToCurated.maxWorkers: 1 must be a whole number from 2 to 1000/],
    [{ etl: { ...dev.etl, processedToCurated: { ...job, timeoutMinutes: 3000 } } }, /etl.processedToCurated.timeoutMinutes: 3000 must be a whole number from 1 to 2880/],
    [{ etl: { ...dev.etl, rawToProcessed: { ...job, executionClass: "SPOT" } } }, /etl.rawToProcessed.executionClass: "SPOT" is not allowed; use one of "STANDARD", "FLEX"/],
    [{ etl: { ...dev.etl, targetFileMb: 1024 } }, /etl.targetFileMb: 1024 must be a whole number from 128 to 512/],
    [{ etl: { ...dev.etl, noPriceConditions: ["B", "BW"] } }, /etl.noPriceConditions\[1\]: "BW" is invalid; expected one printable ASCII character/],
    [{ etl: { ...dev.etl, noPriceConditions: ["B", "B"] } }, /etl.noPriceConditions: lists a code more than once/],
    [{ etl: undefined }, /etl: is missing/],
    [{ athena: { ...dev.athena, bytesScannedCutoffPerQueryMb: 5 } }, /athena.bytesScannedCutoffPerQueryMb: 5 must be a whole number from 10 to 10000000/],
    [{ athena: { ...dev.athena, resultRetentionDays: 0 } }, /athena.resultRetentionDays: 0 must be a whole number from 1 to 3650/],
  ])("names the field and what is allowed for %p", (change, message) => {
    expect(() => validateEnvironmentConfig(devConfigWith(change as never))).toThrow(message);
  });

  it.each(["dev", "staging", "prod"] as const)("accepts the %s environment", (env) => {
    expect(() => validateEnvironmentConfig(ENVIRONMENTS[env])).not.toThrow();
  });
});
