import { ENVIRONMENT_NAMES } from "../../src/config";
import { ENVIRONMENTS } from "../../src/config/environments";
import {
  DRIVER_WORKERS,
  GLUE_WORKER_VCPUS,
  HEADROOM,
  MEASURED_MB_PER_SECOND_PER_CORE,
  STARTUP_SECONDS,
  VALIDATED_BYTES_PER_INGEST_BYTE,
  WORKERS_FOR_50_TB_PER_DAY,
  rawToProcessedWorkers,
} from "../../src/config/etl-sizing";

const etl = (scheduleMinutes: number, workerType: "G.1X" | "G.2X" | "G.4X" | "G.8X" = "G.2X") => ({ scheduleMinutes, rawToProcessed: { workerType } });

describe("rawToProcessedWorkers", () => {
  it("uses the documented constants", () => {
    expect({ HEADROOM, STARTUP_SECONDS, DRIVER_WORKERS, VALIDATED_BYTES_PER_INGEST_BYTE }).toEqual({ HEADROOM: 1.5, STARTUP_SECONDS: 120, DRIVER_WORKERS: 1, VALIDATED_BYTES_PER_INGEST_BYTE: 1 });
    expect(GLUE_WORKER_VCPUS).toEqual({ "G.1X": 4, "G.2X": 8, "G.4X": 16, "G.8X": 32 });
  });

  // Hand-computed: run bytes = TB x 1e12 x (1 + interval / 86400); core-s = run bytes / (rate x 1e6) x 1.5;
  // workers = ceil(core-s / ((interval s - 120) x vCPUs)) + 1.
  it.each([
    // 50e12 x 1.0208333 = 51.041667e12 B; / 5e6 x 1.5 = 15,312,500 core-s; / (1680 x 8 = 13,440) = 1139.3 -> 1140 + 1
    [50, 30, "G.2X", 5, 1141],
    // same at 20 MB/s per core: 3,828,125 core-s / 13,440 = 284.8 -> 285 + 1
    [50, 30, "G.2X", 20, 286],
    // 60 min: 50e12 x 1.0416667 = 52.083333e12; / 20e6 x 1.5 = 3,906,250; / (3480 x 8 = 27,840) = 140.3 -> 141 + 1
    [50, 60, "G.2X", 20, 142],
    // G.8X (32 vCPU) at 30 min, 20 MB/s: 3,828,125 / (1680 x 32 = 53,760) = 71.2 -> 72 + 1
    [50, 30, "G.8X", 20, 73],
    // 1 TB every 60 min on G.1X at 10 MB/s: 1.0416667e12 / 10e6 x 1.5 = 156,250; / (3480 x 4 = 13,920) = 11.2 -> 12 + 1
    [1, 60, "G.1X", 10, 13],
    // a trickle still gets one executor worker and the driver's
    [0.001, 1440, "G.1X", 10, 2],
  ] as const)("%d TB/day every %d min on %s at %d MB/s per core -> %d workers", (tb, minutes, type, rate, expected) => {
    expect(rawToProcessedWorkers({ expectedTbPerDay: tb }, etl(minutes, type), rate)).toBe(expected);
  });

  it("defaults to the measured rate", () => {
    expect(MEASURED_MB_PER_SECOND_PER_CORE).toBeGreaterThan(0);
    expect(rawToProcessedWorkers({ expectedTbPerDay: 50 }, etl(30))).toBe(rawToProcessedWorkers({ expectedTbPerDay: 50 }, etl(30), MEASURED_MB_PER_SECOND_PER_CORE));
  });

  it("states the workers 50 TB/day every 30 min on G.2X implies", () => {
    expect(rawToProcessedWorkers({ expectedTbPerDay: 50 }, etl(30))).toBe(WORKERS_FOR_50_TB_PER_DAY);
  });

  it("rejects a rate that is not positive and an interval shorter than the start-up", () => {
    expect(() => rawToProcessedWorkers({ expectedTbPerDay: 50 }, etl(30), 0)).toThrow(/mbPerSecondPerCore must be positive/);
    expect(() => rawToProcessedWorkers({ expectedTbPerDay: 50 }, etl(1), 10)).toThrow(/leaves no time/);
  });
});

describe("configured raw-to-processed workers", () => {
  // KNOWN GAP (bench of 2026-12-03, see WORKERS_FOR_50_TB_PER_DAY): at the measured 1.19 MB/s per core
  // no environment's maxWorkers covers its derived figure (dev 96 G.1X, staging 473 G.1X, prod
  // 4,789 G.2X), and prod's is above Glue's 1000-worker limit, so no config value can fix it: the
  // whole-day rebuild every interval cannot carry the volume. `it.failing` keeps the check running and
  // turns red once the job or the config covers the volume: then make it `it`.
  it("derives figures above what is configured (the gap this suite tracks)", () => {
    expect(ENVIRONMENT_NAMES.map((name) => rawToProcessedWorkers(ENVIRONMENTS[name].capacity, ENVIRONMENTS[name].etl))).toEqual([96, 473, 4_789]);
  });

  for (const name of ENVIRONMENT_NAMES) {
    it.failing(`${name}: maxWorkers covers the derived workers for its expectedTbPerDay`, () => {
      const config = ENVIRONMENTS[name];
      expect(config.etl.rawToProcessed.maxWorkers).toBeGreaterThanOrEqual(rawToProcessedWorkers(config.capacity, config.etl));
    });
  }
});
