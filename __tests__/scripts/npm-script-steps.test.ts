import { resolve } from "node:path";
import { npmScriptSteps, packageScriptSteps } from "../../scripts/lib/npm-script-steps";

describe("npmScriptSteps (the label of bench's whole-npm-test row)", () => {
  it("names each step of a script", () => {
    expect(npmScriptSteps("npm run typecheck && npm run --silent build && jest --silent && node dist/scripts/validate-terraform.js && node dist/scripts/e2e.js")).toEqual([
      "typecheck",
      "build",
      "jest",
      "validate-terraform",
      "e2e",
    ]);
  });

  it("lists every step npm test runs, the e2e run included", () => {
    expect(packageScriptSteps(resolve(__dirname, "../.."), "test")).toEqual(["typecheck", "build", "python-env", "jest", "test:glue", "validate-terraform", "checkov", "e2e"]);
  });

  it("refuses a script package.json does not define", () => {
    expect(() => packageScriptSteps(resolve(__dirname, "../.."), "no-such-script")).toThrow('package.json has no "no-such-script" script');
  });
});
