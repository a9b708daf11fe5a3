import { ENVIRONMENTS } from "../../src/config/environments";
import { Naming, regionCode, stateBackendNames } from "../../src/config/naming";

describe("Naming", () => {
  it.each([
    ["us-east-1", "use1"],
    ["ap-southeast-2", "apse2"],
    ["eu-central-1", "euc1"],
    ["us-west-2", "usw2"],
  ])("shortens %s to %s", (region, code) => {
    expect(regionCode(region)).toBe(code);
  });

  it("puts project, environment suffix and region in every name; buckets also get the account", () => {
    const naming = new Naming(ENVIRONMENTS.staging);
    expect(naming.resource("validation-queue")).toBe("mdl-stg-use1-validation-queue");
    expect(naming.iamRole("producer-exchange-feed")).toBe("mdl-stg-use1-producer-exchange-feed");
    expect(naming.bucket("raw")).toBe("mdl-stg-use1-raw-222233334444");
    expect(naming.kmsAlias("curated")).toBe("alias/mdl-stg-use1-curated");
  });

  it("refuses a name over the AWS limit, saying the limit", () => {
    const naming = new Naming(ENVIRONMENTS.prod);
    expect(() => naming.bucket("a-very-long-purpose-for-a-bucket-name-abcd")).toThrow(/is 68 characters; AWS allows 63/);
    expect(() => naming.iamRole("x".repeat(60))).toThrow(/AWS allows 64/);
  });

  it("refuses characters AWS names do not allow", () => {
    expect(() => new Naming(ENVIRONMENTS.dev).resource("Raw_Bucket")).toThrow(/only lowercase letters, digits and inner hyphens/);
  });

  it("gives the default tags every resource carries", () => {
    expect(new Naming(ENVIRONMENTS.prod).defaultTags()).toEqual({
      Project: "mdl",
      Environment: "prod",
      CostCenter: "CC-4410",
      Owner: "market-data-platform@example.com",
      DataClassification: "confidential",
      ManagedBy: "cdktf",
    });
  });

  it("derives the state backend names the bootstrap creates", () => {
    expect(stateBackendNames(ENVIRONMENTS.prod)).toEqual({
      bucket: "mdl-tfstate-555566667777-us-east-1",
      lockTable: "mdl-tfstate-lock",
      keyAliasArn: "arn:aws:kms:us-east-1:555566667777:alias/mdl-tfstate",
    });
  });
});
