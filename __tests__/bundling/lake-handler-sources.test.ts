import { resolve, sep } from "node:path";
import { build } from "esbuild";
import { lakeHandlerSources } from "../../src/bundling/lake-handlers";
import { marketEventsHandlerSources } from "../../src/bundling/market-events-handlers";

const root = resolve(__dirname, "..", "..");

describe("lakeHandlerSources and marketEventsHandlerSources", () => {
  it.each([...Object.entries(lakeHandlerSources(root)), ...Object.entries(marketEventsHandlerSources(root))])("%s: every project file esbuild bundles lies in the inputs that rebuild its zip", async (_name, { entry, inputs }) => {
    // Act
    const { metafile } = await build({ entryPoints: [entry], bundle: true, platform: "node", format: "cjs", write: false, metafile: true, logLevel: "silent" });
    // Assess
    const projectFiles = Object.keys(metafile.inputs).map((f) => resolve(root, f)).filter((f) => !f.includes(`${sep}node_modules${sep}`));
    const outside = projectFiles.filter((f) => !inputs.some((dir) => f === dir || f.startsWith(dir + sep)));
    expect(projectFiles.length).toBeGreaterThan(5);
    expect(outside).toEqual([]);
  });
});
