import type { CapacityConfig, EtlConfig, GlueWorkerType } from "./environment-config";

/**
 * Throughput of raw-to-processed per Spark core, in MB (10^6 bytes) of gzip validated input per
 * second: the shipped job's "full rebuild" row of `npm run bench:glue` (bench/glue/glue-bench.ts,
 * default size: 234 MB gzip = 1.28 GB uncompressed of generated trades and quotes, 8 partitions
 * rebuilt in 98.6 s on 2 cores, local[*], Spark 3.5.4, Java 17), measured on 2026-12-03 on the
 * project's 2-core / 24 GB machine (../shared/DESIGN.md "Machines") with `npm run bench:glue`, the
 * machine otherwise idle. One run per job only, and runs vary: 0.43 beside four other jobs, 1.06 and
 * 1.19 on quieter machines; `npm run bench:glue -- --runs 3` on an idle machine should replace it.
 * Whichever figure holds, 50 TB/day stays above Glue's 1000 workers (13,249 / 5,377 / 4,789).
 */
export const MEASURED_MB_PER_SECOND_PER_CORE = 1.19;
export const MEASURED_ON = "2026-12-03";
export const MEASURED_MACHINE = "2 cores, 24 GB, OpenJDK 17.0.15, PySpark 3.5.4 local[*] (DESIGN.md Machines)";
export const MEASURED_BY = "npm run bench:glue";

/** vCPUs per Glue worker (AWS Glue worker types: G.1X 4 vCPU / 16 GB ... G.8X 32 vCPU / 128 GB, one executor each). */
export const GLUE_WORKER_VCPUS: Readonly<Record<GlueWorkerType, number>> = { "G.1X": 4, "G.2X": 8, "G.4X": 16, "G.8X": 32 };

/**
 * Spare capacity over the measured rate: the bench reads gzip from a warm page cache on local disk,
 * Glue reads it from S3 through EMRFS; partitions are uneven (the write stage has one task per
 * output file, so the largest partition's files set the tail); auto scaling adds executors while
 * the run is already under way. 1.5 = a run is sized to finish in two thirds of its time budget.
 */
export const HEADROOM = 1.5;
/** Seconds of each interval a run spends before Spark does any work (Glue 5.0 start, session, listing). */
export const STARTUP_SECONDS = 120;
/** Workers that run no tasks: Glue runs the Spark driver on one of the job's workers. */
export const DRIVER_WORKERS = 1;
/**
 * Validated (gzip JSON lines) bytes per ingested byte. The validator writes ~2.2x the input's
 * bytes as JSON lines and gzip level 1 takes them to ~18% (handlers/validation/output-compressor.ts),
 * so uncompressed CSV ingest gives ~0.4 validated bytes a byte and gzip CSV (~4.5:1) ~1.8: 1 sizes
 * for the volume as stated, in between.
 */
export const VALIDATED_BYTES_PER_INGEST_BYTE = 1;

/**
 * Most G-workers raw-to-processed needs for `capacity.expectedTbPerDay`, run every
 * `etl.scheduleMinutes`, at `mbPerSecondPerCore` (default: the measured figure above).
 *
 * The job rebuilds every partition it touches whole (glue-scripts/README.md, "Cost to know"), so
 * the last run of a day that received objects all day re-reads the whole day's validated bytes,
 * and its bookmarked source parses that interval's new objects once more. That run must end within
 * one interval (one run at a time; a run still going when the next is due delays everything after):
 *   run bytes   = day bytes x (1 + interval / 1 day)
 *   core-seconds = run bytes / (MB/s per core x 10^6) x HEADROOM
 *   workers     = ceil(core-seconds / ((interval - STARTUP_SECONDS) x vCPUs per worker)) + DRIVER_WORKERS
 * 50 TB/day every 30 min on G.2X at 1.19 MB/s per core: 4,789 workers (WORKERS_FOR_50_TB_PER_DAY),
 * ~4.8x Glue's 1000-worker ceiling: see the note on WORKERS_FOR_50_TB_PER_DAY. A run early in the day reads
 * less, and auto scaling starts it with fewer workers: maxWorkers is the ceiling for the last run.
 */
export function rawToProcessedWorkers(
  capacity: Pick<CapacityConfig, "expectedTbPerDay">,
  etl: Pick<EtlConfig, "scheduleMinutes"> & { readonly rawToProcessed: { readonly workerType: GlueWorkerType } },
  mbPerSecondPerCore: number = MEASURED_MB_PER_SECOND_PER_CORE,
): number {
  if (!(mbPerSecondPerCore > 0)) throw new Error(`mbPerSecondPerCore must be positive, got ${mbPerSecondPerCore}`);
  const intervalSeconds = etl.scheduleMinutes * 60;
  const budgetSeconds = intervalSeconds - STARTUP_SECONDS;
  if (budgetSeconds <= 0) throw new Error(`scheduleMinutes ${etl.scheduleMinutes} leaves no time after ${STARTUP_SECONDS} s of start-up`);
  const dayBytes = capacity.expectedTbPerDay * 1e12 * VALIDATED_BYTES_PER_INGEST_BYTE;
  const runBytes = dayBytes * (1 + intervalSeconds / 86_400);
  const coreSeconds = (runBytes / (mbPerSecondPerCore * 1e6)) * HEADROOM;
  return Math.ceil(coreSeconds / (budgetSeconds * GLUE_WORKER_VCPUS[etl.rawToProcessed.workerType])) + DRIVER_WORKERS;
}

/**
 * What 50 TB/day every 30 minutes on G.2X implies at the measured rate: 50e12 x (1 + 1800/86400)
 * = 51.04e12 bytes in the last run of the day; / 1.19e6 x 1.5 = 64.34e6 core-seconds; / (1680 s x
 * 8 vCPU) = 4,787.1 -> 4,788 executor workers, + 1 driver. Glue (and validate-config) cap a job at 1000
 * workers, so no configuration of the shipped design carries 50 TB/day: the whole-day rebuild
 * makes each run re-read the day so far. Without the re-read (a run reading only its interval's
 * 1.04 TB) it would be 97.7 -> 98 + 1 = 99 workers; with hour partitions, or a ~5x faster job, the
 * config could cover it. prod's maxWorkers is left as configured until that is decided.
 */
export const WORKERS_FOR_50_TB_PER_DAY = 4_789;
