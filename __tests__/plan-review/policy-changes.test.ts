import { diffPolicies, findPolicyChanges, type PolicyChange } from "../../src/plan-review";
import type { PolicyStatement } from "../../src/policy/policy-document";
import { changeAt, loadPlan, withChange } from "./support";

describe("policy changes", () => {
  const plan = loadPlan("update-replace-delete");
  const changes = findPolicyChanges(plan.resource_changes);
  const at = (address: string, attribute = "policy"): PolicyChange => {
    const found = changes.find((c) => c.address === address && c.attribute === attribute);
    if (!found) throw new Error(`no policy change at ${address} ${attribute}`);
    return found;
  };

  it("finds the recorded key, trust, role and queue policy changes and nothing else", () => {
    // Prepare + Act (above)
    // Assess
    expect(changes.map((c) => `${c.address} ${c.attribute} ${c.kind}`).sort()).toEqual([
      "aws_iam_role.ingest assume_role_policy update",
      "aws_iam_role_policy.ingest policy update",
      "aws_kms_key.lake policy update",
      "aws_sqs_queue_policy.events policy create",
    ]);
  });

  it("shows the statement added to the key policy by Sid and the changed Action of another", () => {
    // Prepare + Act
    const { diff } = at("aws_kms_key.lake");
    // Assess
    expect(diff?.added.map((s) => s.label)).toEqual(["AllowCloudWatchLogs"]);
    expect(diff?.removed).toEqual([]);
    expect(diff?.changed).toEqual([
      { label: "KeyUse", changes: [{ key: "Action", before: ["kms:Decrypt", "kms:Encrypt"], after: ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey*"] }] },
    ]);
  });

  it("shows the trust policy's new principal and ExternalId condition", () => {
    // Prepare + Act
    const { diff } = at("aws_iam_role.ingest", "assume_role_policy");
    // Assess
    expect(diff?.changed).toEqual([
      {
        label: "LambdaAssume",
        changes: [
          { key: "Principal", before: { Service: "lambda.amazonaws.com" }, after: { AWS: "arn:aws:iam::123456789012:root" } },
          { key: "Condition", before: undefined, after: { StringEquals: { "sts:ExternalId": "fixture-external-id" } } },
        ],
      },
    ]);
  });

  it("reports a policy that refers to a resource being replaced as known after apply", () => {
    // Prepare + Act
    const change = at("aws_iam_role_policy.ingest");
    // Assess
    expect(change.after).toEqual({ state: "unknown" });
    expect(change.before).toMatchObject({ state: "document", document: { Statement: [{ Sid: "ReadLanding" }] } });
    expect(change.diff).toBeUndefined();
  });

  it("reads inline_policy blocks of a role by name", () => {
    // Prepare: the recorded role update, with an inline policy whose statement gains an action
    const role = changeAt(plan, "aws_iam_role.ingest");
    const inline = (actions: string[]) => [{ name: "audit", policy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Sid: "Read", Effect: "Allow", Action: actions, Resource: "*" }] }) }];
    const updated = withChange(role, {
      before: { ...(role.change.before as object), inline_policy: inline(["s3:GetObject"]) },
      after: { ...(role.change.after as object), inline_policy: inline(["s3:GetObject", "s3:PutObject"]) },
    });
    // Act
    const found = findPolicyChanges([updated]).find((c) => c.attribute === 'inline_policy["audit"].policy');
    // Assess
    expect(found?.diff?.changed).toEqual([{ label: "Read", changes: [{ key: "Action", before: ["s3:GetObject"], after: ["s3:GetObject", "s3:PutObject"] }] }]);
  });

  it("does not show a sensitive policy's text", () => {
    // Prepare
    const key = changeAt(plan, "aws_kms_key.lake");
    const sensitive = withChange(key, { after_sensitive: { policy: true } });
    // Act
    const [change] = findPolicyChanges([sensitive]);
    // Assess
    expect(change.after).toEqual({ state: "sensitive" });
  });
});

describe("diffPolicies", () => {
  const doc = (...statements: PolicyStatement[]) => ({ Version: "2012-10-17" as const, Statement: statements });
  const read: PolicyStatement = { Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::a/*" };
  const list: PolicyStatement = { Effect: "Allow", Action: "s3:ListBucket", Resource: "arn:aws:s3:::a" };

  it("treats a one-element list as its element and ignores list order", () => {
    // Prepare + Act
    const diff = diffPolicies(doc({ Sid: "A", Effect: "Allow", Action: ["s3:GetObject", "s3:ListBucket"], Resource: "*" }), doc({ Sid: "A", Effect: "Allow", Action: ["s3:ListBucket", "s3:GetObject"], Resource: ["*"] }));
    // Assess
    expect(diff).toEqual({ added: [], removed: [], changed: [] });
  });

  it("pairs statements without a Sid with an identical one first, so a reordering is no change", () => {
    // Prepare + Act
    const diff = diffPolicies(doc(read, list), doc(list, read));
    // Assess
    expect(diff).toEqual({ added: [], removed: [], changed: [] });
  });

  it("labels statements without a Sid by their position", () => {
    // Prepare + Act
    const diff = diffPolicies(doc(read), doc(read, { ...list, Effect: "Deny" }));
    // Assess
    expect(diff.added.map((s) => s.label)).toEqual(["#2"]);
  });

  it("reports removed statements and treats a missing document as no statements", () => {
    // Prepare + Act
    const diff = diffPolicies(doc({ Sid: "Old", ...read }), undefined);
    // Assess
    expect(diff.removed.map((s) => s.label)).toEqual(["Old"]);
  });
});

describe("policy documents IAM accepts in other shapes", () => {
  it("reads a policy whose Statement is a single object", () => {
    // Prepare
    const key = changeAt(loadPlan("update-replace-delete"), "aws_kms_key.lake");
    const single = JSON.stringify({ Version: "2012-10-17", Statement: { Sid: "Only", Effect: "Allow", Action: "kms:Decrypt", Resource: "*" } });
    const change = withChange(key, { before: { ...(key.change.before as object), policy: "" }, after: { ...(key.change.after as object), policy: single } });
    // Act
    const [found] = findPolicyChanges([change]);
    // Assess
    expect(found.diff?.added.map((s) => s.label)).toEqual(["Only"]);
  });
});
