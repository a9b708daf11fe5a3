import type { AlarmsConfig } from "./environment-config";

/** Where a validation problem is reported (the collector of validate-config.ts). */
export interface IssueSink {
  add(field: string, message: string): void;
}

const HH_MM = /^([01]\d|2[0-3]):([0-5]\d)$/;
const RUNBOOK = /^(https:\/\/\S+|[A-Za-z0-9_./-]+\.md)$/;

const minutes = (text: string) => {
  const m = HH_MM.exec(text);
  return m ? Number(m[1]) * 60 + Number(m[2]) : undefined;
};

/** Checks `alarms`; every problem names its field and what is allowed. */
export function validateAlarms(c: IssueSink, alarms: AlarmsConfig | undefined): void {
  if (!alarms) return c.add("alarms", "is missing; set runbookUrl, durationShareOfTimeout, validationBacklogAgeSeconds and ingestionRate");
  if (typeof alarms.runbookUrl !== "string" || !RUNBOOK.test(alarms.runbookUrl)) {
    c.add("alarms.runbookUrl", `${JSON.stringify(alarms.runbookUrl)} is invalid; expected an https URL of the runbook or its repository path, e.g. "docs/runbook.md"`);
  }
  const share = alarms.durationShareOfTimeout;
  if (typeof share !== "number" || !(share >= 0.5 && share <= 0.95)) c.add("alarms.durationShareOfTimeout", `${share} must be from 0.5 to 0.95 (a share of the timeout)`);
  const age = alarms.validationBacklogAgeSeconds;
  // SQS's visibility timeout is at most 12 h: an age limit beyond it would never see a retry waiting.
  if (!Number.isInteger(age) || age < 60 || age > 43_200) c.add("alarms.validationBacklogAgeSeconds", `${age} must be a whole number of seconds from 60 to 43200`);
  const rate = alarms.ingestionRate;
  if (!rate) return c.add("alarms.ingestionRate", "is missing; set bandWidth, evaluationPeriods and marketHoursUtc");
  if (typeof rate.bandWidth !== "number" || !(rate.bandWidth >= 0.5 && rate.bandWidth <= 10)) c.add("alarms.ingestionRate.bandWidth", `${rate.bandWidth} must be from 0.5 to 10 standard deviations`);
  if (!Number.isInteger(rate.evaluationPeriods) || rate.evaluationPeriods < 1 || rate.evaluationPeriods > 288) {
    c.add("alarms.ingestionRate.evaluationPeriods", `${rate.evaluationPeriods} must be a whole number of 5-minute periods from 1 to 288 (a day)`);
  }
  const open = minutes(rate.marketHoursUtc?.open ?? "");
  const close = minutes(rate.marketHoursUtc?.close ?? "");
  if (open === undefined) c.add("alarms.ingestionRate.marketHoursUtc.open", `${JSON.stringify(rate.marketHoursUtc?.open)} is not a time "HH:MM" (UTC)`);
  if (close === undefined) c.add("alarms.ingestionRate.marketHoursUtc.close", `${JSON.stringify(rate.marketHoursUtc?.close)} is not a time "HH:MM" (UTC)`);
  if (open !== undefined && close !== undefined && close <= open) {
    c.add("alarms.ingestionRate.marketHoursUtc", `close ${rate.marketHoursUtc.close} must be after open ${rate.marketHoursUtc.open} on the same UTC day`);
  }
}
