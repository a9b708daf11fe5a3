import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { AWS_PROVIDER, findProviderMirror, requiredTerraformVersion, searchProviderMirror, terraform } from "../../scripts/lib/terraform-cli";

describe("terraform-cli", () => {
  let root: string;
  let savedMirror: string | undefined;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), "tf-cli-"));
    savedMirror = process.env.TF_PROVIDER_MIRROR;
  });
  afterEach(() => {
    if (savedMirror === undefined) delete process.env.TF_PROVIDER_MIRROR;
    else process.env.TF_PROVIDER_MIRROR = savedMirror;
    rmSync(root, { recursive: true, force: true });
  });

  /** Makes `<root>/<mirror>/registry.terraform.io/hashicorp/aws/<version>/` and returns the mirror folder. */
  function mirrorAt(...path: string[]): string {
    const mirror = join(root, ...path);
    mkdirSync(join(mirror, AWS_PROVIDER.source, AWS_PROVIDER.version), { recursive: true });
    return mirror;
  }

  describe("searchProviderMirror (find <root> -maxdepth 3 -name registry.terraform.io)", () => {
    it("finds a mirror directly below the root (<root>/x/registry.terraform.io)", () => {
      const mirror = mirrorAt("x");
      mkdirSync(join(root, "a", "b"), { recursive: true });
      expect(searchProviderMirror(root)).toBe(mirror);
    });

    it("finds a mirror two levels down (<root>/a/b/registry.terraform.io)", () => {
      mkdirSync(join(root, "x"));
      const mirror = mirrorAt("a", "b");
      expect(searchProviderMirror(root)).toBe(mirror);
    });

    it("takes the shallowest mirror", () => {
      mirrorAt("a", "b");
      const shallow = mirrorAt("z");
      expect(searchProviderMirror(root)).toBe(shallow);
    });

    it("does not look deeper than find -maxdepth 3 does", () => {
      mirrorAt("a", "b", "c");
      expect(searchProviderMirror(root)).toBeUndefined();
    });

    it("ignores a registry folder without the project's provider version", () => {
      mkdirSync(join(root, "x", AWS_PROVIDER.source, "4.0.0"), { recursive: true });
      expect(searchProviderMirror(root)).toBeUndefined();
    });
  });

  describe("findProviderMirror", () => {
    it("takes TF_PROVIDER_MIRROR first", () => {
      process.env.TF_PROVIDER_MIRROR = mirrorAt("x");
      expect(findProviderMirror()).toBe(join(root, "x"));
    });

    it("refuses a TF_PROVIDER_MIRROR without the provider rather than searching elsewhere", () => {
      process.env.TF_PROVIDER_MIRROR = root;
      expect(() => findProviderMirror()).toThrow(`TF_PROVIDER_MIRROR=${root} does not contain ${AWS_PROVIDER.source}/${AWS_PROVIDER.version}`);
    });
  });

  it("asks for the Terraform version terraform-backend.tf requires when terraform is not on PATH", () => {
    // Prepare
    const declared = /required_version\s*=\s*"([^"]+)"/.exec(readFileSync(resolve(__dirname, "../../terraform-backend.tf"), "utf8"))![1];

    // Act
    const run = () => terraform(["version"], root, { PATH: join(root, "empty-bin") });

    // Assess
    expect(requiredTerraformVersion()).toBe(declared);
    expect(run).toThrow(`; install Terraform ${declared} and put it on PATH`);
  });
});
