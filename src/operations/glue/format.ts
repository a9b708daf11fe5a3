/** "45s", "3m 05s", "2h 07m": how long a run took or has been running. */
export function formatDuration(seconds: number | undefined): string {
  if (seconds === undefined || !Number.isFinite(seconds) || seconds < 0) return "-";
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, "0")}s`;
  return `${Math.floor(s / 3600)}h ${String(Math.floor((s % 3600) / 60)).padStart(2, "0")}m`;
}

/** UTC to the second, "2026-01-05T14:30:00Z": Glue's own console and the alert messages use UTC. */
export function formatTime(time: Date | undefined): string {
  return time ? `${time.toISOString().slice(0, 19)}Z` : "-";
}

/** Seconds from `start` to `end` (or to now while a run has not ended). */
export function secondsBetween(start: Date | undefined, end: Date | undefined, now: number): number | undefined {
  if (!start) return undefined;
  return Math.max(0, ((end?.getTime() ?? now) - start.getTime()) / 1000);
}

/** One line, at most `max` characters: error messages from Glue can carry a stack trace. */
export function oneLine(text: string | undefined, max = 160): string {
  if (!text) return "-";
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
