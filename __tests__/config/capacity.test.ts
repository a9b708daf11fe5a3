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
    expect(validationConcurrency({ expectedTbPerDay: tb, peakEventsPerSecond: 1, peakMarketEventsPerMinute: 1, peakStreamMegabytesPerSecond: 1 }, { ...validation, perFunctionMegabytesPerSecond: mbps })).toBe(expected);
  });
});

describe("validation config", () => {
  it.each([
    [{ timeoutSeconds: 1000 }, /validation.timeoutSeconds: 1000 must be a whole number from 1 to 900/],
    [{ batchSize: 11 }, /validation.batchSize: 11 must be a whole number from 1 to 10/],
    [{ rejectRateAlertThreshold: 1.5 }, /validation.rejectRateAlertThreshold: 1.5 must be a fraction between 0 and 1/],
    [{ outOfOrderPolicy: "drop" }, /validation.outOfOrderPolicy: "drop" is not allowed; use one of "flag", "reject"/],
    [{ alertSubscriptions: [{ protocol: "email", endpoint: "not-an-address" }] }, /validation.alertSubscriptions\[0\].endpoint: "not-an-address" is invalid; expected an e-mail address/],
    [{ alertSubscriptions: [{ protocol: "sms", endpoint: "+15555550100" }] }, /validation.alertSubscriptions\[0\].protocol: "sms" is not allowed; use one of "email", "https", "sqs", "lambda"/],
    [{ alertSubscriptions: [{ protocol: "https", endpoint: "http://hooks.example.com/x" }] }, /validation.alertSubscriptions\[0\].endpoint: "http:\/\/hooks.example.com\/x" is invalid; expected an https:\/\/ URL/],
    // A queue of another account would take every alert out of the environment.
    [{ alertSubscriptions: [{ protocol: "sqs", endpoint: "arn:aws:sqs:us-east-1:999999999999:steal" }] }, /validation.alertSubscriptions\[0\].endpoint: .* is invalid; expected the ARN of a queue of this environment's account and region/],
    [{ alertSubscriptions: [{ protocol: "lambda", endpoint: "arn:aws:lambda:eu-west-1:123456789012:function:pager" }] }, /validation.alertSubscriptions\[0\].endpoint: .* expected the ARN of a function of this environment's account and region/],
    [
      { alertSubscriptions: [{ protocol: "email", endpoint: "a@example.com" }, { protocol: "email", endpoint: "a@example.com" }] },
      /validation.alertSubscriptions\[1\].endpoint: "a@example.com" is listed twice/,
    ],
    [{ alertSubscriptions: undefined }, /validation.alertSubscriptions: is missing/],
  ])("names the field for %p", (change, message) => {
    const config = devConfigWith({ validation: { ...ENVIRONMENTS.dev.validation, ...change } });
    expect(() => validateEnvironmentConfig(config)).toThrow(message);
  });
});
