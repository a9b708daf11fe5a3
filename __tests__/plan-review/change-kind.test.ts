import { classifyActions, countByKind, parseTerraformPlan } from "../../src/plan-review";
import { loadPlan } from "./support";

describe("plan classification", () => {
  it.each([
    [["create"], "create"],
    [["update"], "update"],
    [["delete", "create"], "replace"],
    [["create", "delete"], "replace"],
    [["delete"], "delete"],
    [["no-op"], "no-op"],
    [["read"], "read"],
    [["forget"], "forget"],
  ])("classifies actions %j as %s", (actions, kind) => {
    // Prepare + Act + Assess
    expect(classifyActions(actions)).toBe(kind);
  });

  it("refuses actions it does not know rather than skipping them", () => {
    // Prepare + Act + Assess
    expect(() => classifyActions(["delete", "teleport"])).toThrow(/Unrecognised Terraform plan actions \[delete, teleport\].*change-kind\.ts/);
  });

  it("counts a recorded first apply as creates only", () => {
    // Prepare
    const plan = loadPlan("create");
    // Act
    const counts = countByKind(plan.resource_changes);
    // Assess
    expect(counts).toEqual({ create: 9, update: 0, replace: 0, delete: 0, read: 0, forget: 0, "no-op": 0 });
  });

  it("counts every kind in a recorded plan of changes", () => {
    // Prepare
    const plan = loadPlan("update-replace-delete");
    // Act
    const counts = countByKind(plan.resource_changes);
    // Assess: the queue policy is new, the log group renamed, the landing bucket removed, the
    // policy document data source deferred to apply, the archive bucket untouched.
    expect(counts).toEqual({ create: 1, update: 6, replace: 1, delete: 1, read: 1, forget: 0, "no-op": 1 });
  });
});

describe("parseTerraformPlan", () => {
  it("rejects a state file with what to run instead", () => {
    // Prepare + Act + Assess
    expect(() => parseTerraformPlan({ version: 4, resources: [] })).toThrow(/no format_version.*terraform show -json <planfile>/);
  });

  it("rejects an unknown major format version", () => {
    // Prepare + Act + Assess
    expect(() => parseTerraformPlan('{"format_version":"2.0","resource_changes":[]}')).toThrow(/format_version 2\.0 is not supported/);
  });

  it("rejects text that is not JSON", () => {
    // Prepare + Act + Assess
    expect(() => parseTerraformPlan("Plan: 1 to add")).toThrow(/not JSON/);
  });

  it("accepts a plan without resource_changes (nothing to do)", () => {
    // Prepare + Act
    const plan = parseTerraformPlan({ format_version: "1.2" });
    // Assess
    expect(plan.resource_changes).toEqual([]);
  });
});
