import { ENVIRONMENTS } from "../../src/config/environments";
import { LakeKey } from "../../src/constructs/lake-key";
import { LeastPrivilegeRole } from "../../src/constructs/least-privilege-role";
import { PartnerAccessRole, type PartnerAccess } from "../../src/constructs/partner-access-role";
import { SecureBucket } from "../../src/constructs/secure-bucket";
import { policyIn, refTo, resourceAt, statement, synthScope, type SynthesizedJson } from "../support/synth";

const ACCOUNT = "123456789012";
const partner = ENVIRONMENTS.dev.consumers[0];

function synthPartner(access: PartnerAccess, partnerOverrides: Partial<typeof partner> = {}, producerDatasets: readonly string[] = ["trades", "quotes"]): SynthesizedJson {
  return synthScope((scope) => {
    const logs = new SecureBucket(scope, "logs", { bucketName: "logs-1", accountId: ACCOUNT, receivesAccessLogs: true, encryption: { kind: "s3-managed", justification: "S3 server access log delivery supports only SSE-S3" } });
    const key = new LakeKey(scope, "tier-key", { aliasName: "alias/tier", description: "tier", accountId: ACCOUNT, region: "us-east-1" });
    const bucket = new SecureBucket(scope, "tier", { bucketName: "tier-1", accountId: ACCOUNT, encryption: { kind: "kms", key }, accessLogsTo: logs });
    new PartnerAccessRole(scope, "partner", {
      partner: { ...partner, ...partnerOverrides },
      access,
      roleName: `mdl-dev-use1-${access}-${partner.name}`,
      bucket,
      bucketKey: key,
      region: "us-east-1",
      producerDatasets: access === "producer" ? producerDatasets : undefined,
    });
  });
}

describe("PartnerAccessRole", () => {
  it.each<PartnerAccess>(["producer", "consumer"])("trusts only the partner account, and only with its ExternalId (%s)", (access) => {
    const json = synthPartner(access);
    const role = resourceAt(json, "aws_iam_role", "partner/role/role");
    expect(role).toMatchObject({ name: `mdl-dev-use1-${access}-quant-research`, max_session_duration: 3600 });
    expect(policyIn(role, "assume_role_policy").Statement).toEqual([
      {
        Principal: { AWS: "arn:aws:iam::345678901234:root" },
        Condition: { StringEquals: { "sts:ExternalId": "mdl-dev-quant-research-41be07" } },
        Effect: "Allow",
        Action: "sts:AssumeRole",
      },
    ]);
  });

  it("lets a consumer read the curated objects and nothing else, in role, bucket and key policy alike", () => {
    const json = synthPartner("consumer");
    const bucketArn = refTo(json, "aws_s3_bucket", "tier/bucket", "arn");
    const roleArn = refTo(json, "aws_iam_role", "partner/role/role", "arn");
    const keyArn = refTo(json, "aws_kms_key", "tier-key/key", "arn");
    const permissions = policyIn(resourceAt(json, "aws_iam_role_policy", "partner/role/permissions"));
    expect(statement(permissions, "Objects")).toEqual({ Sid: "Objects", Effect: "Allow", Action: ["s3:GetObject", "s3:GetObjectVersion"], Resource: `${bucketArn}/*` });
    expect(statement(permissions, "KeyThroughS3Only")).toEqual({
      Sid: "KeyThroughS3Only",
      Effect: "Allow",
      Action: ["kms:Decrypt"],
      Resource: keyArn,
      Condition: { StringEquals: { "kms:ViaService": "s3.us-east-1.amazonaws.com" } },
    });
    expect(statement(permissions, "ListCurated").Resource).toBe(bucketArn);
    const bucketPolicy = policyIn(resourceAt(json, "aws_s3_bucket_policy", "tier/policy"));
    expect(statement(bucketPolicy, "ConsumerQuantResearch")).toMatchObject({ Principal: { AWS: roleArn }, Action: ["s3:GetObject", "s3:GetObjectVersion"], Resource: `${bucketArn}/*` });
    expect(statement(bucketPolicy, "ConsumerQuantResearchList")).toMatchObject({ Principal: { AWS: roleArn }, Resource: bucketArn });
    expect(statement(policyIn(resourceAt(json, "aws_kms_key", "tier-key/key")), "ConsumerQuantResearch")).toMatchObject({ Principal: { AWS: [roleArn] }, Action: ["kms:Decrypt", "kms:DescribeKey"] });
  });

  it("narrows the trust to the partner's named principals when the config lists them", () => {
    const json = synthPartner("consumer", { principalArns: ["arn:aws:iam::345678901234:role/research-reader"] });
    expect(policyIn(resourceAt(json, "aws_iam_role", "partner/role/role"), "assume_role_policy").Statement[0].Condition).toEqual({
      StringEquals: { "sts:ExternalId": "mdl-dev-quant-research-41be07" },
      ArnLike: { "aws:PrincipalArn": ["arn:aws:iam::345678901234:role/research-reader"] },
    });
  });

  it("refuses a producer role that names no dataset", () => {
    expect(() => synthPartner("producer", {}, [])).toThrow(/producerDatasets is empty; a producer role must name the datasets it writes/);
  });

  it("lets a producer write new objects under its own datasets only, and encrypt through S3", () => {
    const json = synthPartner("producer");
    const bucketArn = refTo(json, "aws_s3_bucket", "tier/bucket", "arn");
    const permissions = policyIn(resourceAt(json, "aws_iam_role_policy", "partner/role/permissions"));
    expect(statement(permissions, "Objects")).toEqual({
      Sid: "Objects",
      Effect: "Allow",
      Action: ["s3:PutObject", "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"],
      Resource: [`${bucketArn}/dataset=trades/*`, `${bucketArn}/dataset=quotes/*`],
    });
    const bucketPolicy = policyIn(resourceAt(json, "aws_s3_bucket_policy", "tier/policy"));
    expect(statement(bucketPolicy, "ProducerQuantResearch").Resource).toEqual([`${bucketArn}/dataset=trades/*`, `${bucketArn}/dataset=quotes/*`]);
    expect(statement(permissions, "KeyThroughS3Only").Action).toEqual(["kms:GenerateDataKey", "kms:Encrypt", "kms:Decrypt"]);
    expect(permissions.Statement.map((s) => s.Sid)).not.toContain("ListCurated");
    const actions = permissions.Statement.flatMap((s) => s.Action);
    expect(actions).not.toContain("s3:GetObject");
    expect(actions).not.toContain("s3:DeleteObject");
    expect(statement(policyIn(resourceAt(json, "aws_kms_key", "tier-key/key")), "ProducerQuantResearch").Action).toEqual(["kms:Encrypt", "kms:Decrypt", "kms:GenerateDataKey*", "kms:DescribeKey"]);
  });
});

describe("LeastPrivilegeRole", () => {
  it.each([
    [["*"], "*"],
    [["s3:*"], "*"],
    [["s3:GetObject", "kms:*"], ["*"]],
  ])("refuses Allow %p on %p at synth", (action, resource) => {
    expect(() =>
      synthScope((scope) => new LeastPrivilegeRole(scope, "r", { roleName: "r", description: "r", trust: { Principal: { Service: "lambda.amazonaws.com" } }, statements: [{ Sid: "Broad", Effect: "Allow", Action: action, Resource: resource }] })),
    ).toThrow(/statement Broad allows "(\*|s3:\*|kms:\*)" on "\*"; name the actions and the resources/);
  });

  it("accepts service wildcards on named resources and explicit actions on *", () => {
    const json = synthScope((scope) => {
      new LeastPrivilegeRole(scope, "r", {
        roleName: "r",
        description: "r",
        trust: { Principal: { Service: "lambda.amazonaws.com" } },
        statements: [
          { Effect: "Allow", Action: "xray:PutTraceSegments", Resource: "*" },
          { Effect: "Allow", Action: "s3:*", Resource: "arn:aws:s3:::b/*" },
        ],
      });
    });
    expect(policyIn(resourceAt(json, "aws_iam_role_policy", "r/permissions")).Statement).toHaveLength(2);
  });
});
