import { renderPlanSummary, reviewStack } from "../../src/plan-review";
import { code, table } from "../../src/plan-review/markdown";
import { loadPlan } from "./support";

describe("plan summary (Markdown)", () => {
  const changes = reviewStack("data-lake-dev", loadPlan("update-replace-delete"));
  const markdown = renderPlanSummary([changes]);
  const section = (heading: string) => markdown.split(`### ${heading}\n`)[1].split("\n### ")[0];

  it("counts the changes by action", () => {
    // Prepare + Act (above)
    // Assess
    expect(markdown).toContain("| Stack | create | update | replace | delete | read | forget | no-op |");
    expect(markdown).toContain("| data-lake-dev | 1 | 6 | 1 | 1 | 1 | 0 | 1 |");
  });

  it("lists creates, updates, replaces and deletes of the stack, the most destructive first", () => {
    // Prepare + Act
    const rows = markdown.split("\n").filter((line) => /^\| `aws_/.test(line));
    // Assess
    expect(markdown).toContain("## data-lake-dev\n\n| Address | Type | Action |");
    expect(rows[0]).toBe("| `aws_s3_bucket.landing` | aws_s3_bucket | delete |");
    expect(rows[1]).toBe("| `aws_cloudwatch_log_group.ingest` | aws_cloudwatch_log_group | replace (forced by `name`) |");
    expect(rows).toContain("| `aws_kms_key.lake` | aws_kms_key | update |");
    expect(rows).toContain("| `aws_sqs_queue_policy.events` | aws_sqs_queue_policy | create |");
    // unchanged resources and data source reads are counted, not listed
    expect(markdown).not.toContain("| `aws_s3_bucket.archive` |");
    expect(markdown).not.toContain("data.aws_iam_policy_document");
  });

  it("shows policy changes statement by statement", () => {
    // Prepare + Act
    const policies = section("Policy changes");
    // Assess
    expect(policies).toContain("`aws_kms_key.lake` `policy` (update)");
    expect(policies).toMatch(/- added statement `AllowCloudWatchLogs`: \*\*Allow\*\* · Principal `\{"Service":"logs\.us-east-1\.amazonaws\.com"\}` · Action `kms:Encrypt\*, kms:Decrypt\*, kms:GenerateDataKey\*`/);
    expect(policies).toContain(
      "- changed statement `KeyUse`:\n  - Action: `kms:Decrypt, kms:Encrypt` → `kms:Decrypt, kms:Encrypt, kms:GenerateDataKey*` (added `kms:GenerateDataKey*`)",
    );
    expect(policies).toContain("  - Condition: `(not set)` → `{\"StringEquals\":{\"sts:ExternalId\":\"fixture-external-id\"}}`");
    expect(policies).toContain("`aws_iam_role_policy.ingest` `policy` (update)\n\n- before: 1 statement(s): `ReadLanding`\n- after: (known after apply)");
  });

  it("collapses the policies of new resources", () => {
    // Prepare + Act + Assess
    expect(section("Policy changes")).toContain("<details><summary>aws_sqs_queue_policy.events policy: new policy, 1 statement(s)</summary>");
  });

  it("highlights security-relevant attributes with before and after", () => {
    // Prepare + Act
    const security = section("Security-relevant changes");
    // Assess
    expect(security).toContain("| `aws_cloudwatch_log_group.ingest` | `retention_in_days` | `7` | `30` | how long data, logs or backups are kept |");
    expect(security).toMatch(/\| `aws_cloudwatch_log_group\.ingest` \| `kms_key_id` \| `\(not set\)` \| `arn:aws:kms:[^`]+` \| encryption key/);
    expect(security).toContain("| `aws_s3_bucket_versioning.archive` | `versioning_configuration[0].status` | `Enabled` | `Suspended` |");
  });

  it("puts the destructive-change verdict above the details", () => {
    // Prepare + Act
    const blocked = markdown.indexOf("## Destructive changes: BLOCKED");
    // Assess
    expect(blocked).toBeGreaterThan(0);
    expect(blocked).toBeLessThan(markdown.indexOf("## data-lake-dev"));
    expect(markdown).toContain("- aws_s3_bucket.landing would be DELETED");
  });

  it("lists allowed destructive changes instead when they are allow-listed", () => {
    // Prepare
    const allowed = reviewStack("data-lake-dev", loadPlan("update-replace-delete"), ["aws_s3_bucket.landing", "aws_cloudwatch_log_group.ingest"]);
    // Act
    const text = renderPlanSummary([allowed]);
    // Assess
    expect(text).not.toContain("BLOCKED");
    expect(text).toContain("- `aws_s3_bucket.landing` (delete): allowed by --allow-destroy");
  });

  it("gives each stack its own table", () => {
    // Prepare
    const first = reviewStack("data-lake-staging", loadPlan("create"));
    // Act
    const text = renderPlanSummary([first, changes]);
    // Assess
    expect(text).toContain("| data-lake-staging | 9 | 0 | 0 | 0 | 0 | 0 | 0 |");
    expect(text.match(/\| Address \| Type \| Action \|/g)).toHaveLength(2);
  });
});

describe("Markdown helpers", () => {
  it("keeps backticks and pipes from breaking code spans and tables", () => {
    // Prepare + Act
    const text = table(["Address"], [[code('aws_s3_bucket.b["a|`b"]')]]);
    // Assess
    expect(text.split("\n")[2]).toBe('| `` aws_s3_bucket.b["a\\|`b"] `` |');
  });
});
