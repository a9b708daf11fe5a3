import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { bundleHandler } from "../../src/bundling/handler-bundle";
import { lakeHandlerSources } from "../../src/bundling/lake-handlers";
import { DEPLOYMENT_ZIP_LIMIT_BYTES } from "../../scripts/lib/bench-table";

/** The Lambda limit every lake function keeps (DESIGN: zip <= 1 MB); the cold-require limit is measured by the benches. */
describe("lake handler deployment packages", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "lake-limits-"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each(Object.entries(lakeHandlerSources()))("%s fits in a 1 MB deployment zip", (name, sources) => {
    // Act
    const bundle = bundleHandler({ name, outDir: dir, ...sources });
    // Assess
    expect(bundle.zipBytes).toBeLessThanOrEqual(DEPLOYMENT_ZIP_LIMIT_BYTES);
  });
});
