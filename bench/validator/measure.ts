/** Timing for the validator benchmark: best of several runs, by wall clock and by CPU time. */

export interface Throughput {
  /** Bytes processed per wall-clock second, in MB/s (10^6 bytes). */
  wallMBps: number;
  /** Bytes per second of CPU time of this process (all its threads), in MB/s. */
  cpuMBps: number;
  /** What the run returned (a record count), to show the work was done. */
  count: number;
}

/**
 * Runs `work` `runs` times and keeps the fastest run by each clock. The machines this runs on are
 * shared, so the best run is the least disturbed one; CPU time also excludes time spent descheduled,
 * which is what "MB/s per core" means.
 */
export async function bestOf(runs: number, bytes: number, work: () => Promise<number>): Promise<Throughput> {
  let bestWall = Infinity;
  let bestCpu = Infinity;
  let count = 0;
  for (let run = 0; run < runs; run++) {
    const cpuStart = process.cpuUsage();
    const wallStart = process.hrtime.bigint();
    count = await work();
    const wall = Number(process.hrtime.bigint() - wallStart) / 1e9;
    const cpu = process.cpuUsage(cpuStart);
    bestWall = Math.min(bestWall, wall);
    bestCpu = Math.min(bestCpu, (cpu.user + cpu.system) / 1e6);
  }
  return { wallMBps: bytes / 1e6 / bestWall, cpuMBps: bytes / 1e6 / bestCpu, count };
}
