import { validationConcurrency } from "../../src/config/capacity";
import { validateEnvironmentConfig } from "../../src/config";
import { ENVIRONMENTS } from "../../src/config/environments";
import { devConfigWith } from "../support/synth";

describe("validationConcurrency", () => {
  const validation = ENVIRONMENTS.prod.validation;

  it.each([
    [50, 60, 78],
    [50, 55, 85],
    [5, 60, 8],
    [1, 60, 2],
    [0.01, 60, 2],
    [50, 200, 24],
    [5000, 60, 1000],
  ])("sizes %d TB/day at %d MB/s per instance to %d instances", (tb, mbps, expected) => {
    expect(validationConcurrency({ expectedTbPerDay: tb, peakEventsPerSecond: 1 }, { ...validation, perFunctionMegabytesPerSecond: mbps })).toBe(expected);
  });
});

describe("validation config", () => {
  it.each([
    [{ timeoutSeconds: 1000 }, /validation.timeoutSeconds: 1000 must be a whole number from 1 to 900/],
    [{ batchSize: 11 }, /validation.batchSize: 11 must be a whole number from 1 to 10/],
    [{ rejectRateAlertThreshold: 1.5 }, /validation.rejectRateAlertThreshold: 1.5 must be a fraction between 0 and 1/],
    [{ outOfOrderPolicy: "drop" }, /validation.outOfOrderPolicy: "drop" is not allowed; use one of "flag", "reject"/],
    [{ alertEmail: "not-an-address" }, /validation.alertEmail: "not-an-address" is invalid; expected an e-mail address/],
  ])("names the field for %p", (change, message) => {
    const config = devConfigWith({ validation: { ...ENVIRONMENTS.dev.validation, ...change } });
    expect(() => validateEnvironmentConfig(config)).toThrow(message);
  });
});
