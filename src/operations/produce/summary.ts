/** A record the producer gave up on. */
export interface LostRecord {
  readonly line: number;
  readonly partitionKey: string;
  /** The last error code it got (or why it was never sent). */
  readonly reason: string;
}

/** What a produce run did. read = sent + lost + skipped, always. */
export interface ProduceSummary {
  /** Records and unreadable lines read from the input. */
  readonly read: number;
  /** Records on the stream (each once: a record is sent again only after PutRecords said it failed). */
  readonly sent: number;
  /** Records that failed at least once and were sent again. */
  readonly retried: number;
  /** Sends beyond each record's first (a record retried three times counts 3). */
  readonly retries: number;
  /** Records given up after the last attempt, or left unsent by a run that stopped: not on the stream. */
  readonly lost: number;
  /** Lines holding no sendable record (not JSON, a CSV row of the wrong width, a record over 1 MiB): not on the stream. */
  readonly skipped: number;
  /** Records written before a failed earlier record of their symbol in the same request (see KeyedQueue). */
  readonly reordered: number;
  /** PutRecords requests made. */
  readonly requests: number;
  /** Data + partition key bytes of the records sent. */
  readonly bytesSent: number;
  readonly seconds: number;
  /** Error codes of failed entries and requests, with how often each came. */
  readonly errorCodes: Readonly<Record<string, number>>;
  /** The first lost records (at most 20). */
  readonly lostRecords: readonly LostRecord[];
  /** The first skipped lines (at most 20). */
  readonly skippedLines: readonly { readonly line: number; readonly reason: string }[];
  /** Why the run stopped early (an error no retry can fix), if it did. */
  readonly stoppedBy?: string;
}

/** Every record read is on the stream: the CLI exits 0 only then. */
export function allSent(summary: ProduceSummary): boolean {
  return summary.lost === 0 && summary.skipped === 0 && summary.stoppedBy === undefined;
}

const mb = (bytes: number) => (bytes / 1e6).toFixed(bytes < 1e7 ? 2 : 1);

/** The summary the CLI prints, one fact a line (MB = 10^6 bytes). */
export function summaryLines(summary: ProduceSummary, target: string): string[] {
  const s = summary;
  const perSecond = s.seconds > 0 ? s.sent / s.seconds : 0;
  const codes = Object.entries(s.errorCodes).map(([code, n]) => `${code} ${n}`).join(", ");
  const lines = [
    `Produced to ${target} in ${s.seconds.toFixed(1)} s`,
    `  records read    ${s.read}`,
    `  sent            ${s.sent} (${mb(s.bytesSent)} MB, ${Math.round(perSecond)} records/s, ${mb(s.seconds > 0 ? s.bytesSent / s.seconds : 0)} MB/s)`,
    `  retried         ${s.retried} records (${s.retries} sends again)${codes ? `; errors: ${codes}` : ""}`,
    `  failed (lost)   ${s.lost}`,
    `  skipped lines   ${s.skipped}`,
    `  requests        ${s.requests} PutRecords (${s.requests ? (s.sent / s.requests).toFixed(1) : "0"} records sent per request)`,
  ];
  if (s.reordered) lines.push(`  reordered       ${s.reordered} records written ahead of a failed earlier record of their symbol (use --strict-order to rule this out)`);
  for (const r of s.lostRecords) lines.push(`  lost: line ${r.line} (symbol ${r.partitionKey}): ${r.reason}`);
  if (s.lost > s.lostRecords.length) lines.push(`  ... and ${s.lost - s.lostRecords.length} more lost`);
  for (const r of s.skippedLines) lines.push(`  skipped: line ${r.line}: ${r.reason}`);
  if (s.skipped > s.skippedLines.length) lines.push(`  ... and ${s.skipped - s.skippedLines.length} more skipped`);
  if (s.stoppedBy) lines.push(`Stopped early: ${s.stoppedBy}`);
  return lines;
}
