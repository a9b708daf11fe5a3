import { GetPolicyCommand, GetPolicyVersionCommand, IAMClient } from "@aws-sdk/client-iam";
import { GLUE_VPC_EC2_ACTIONS } from "../../src/constructs/glue-etl-job";
import { LAMBDA_VPC_ACCESS_EC2_ACTIONS } from "../../src/constructs/observed-function";
import { startMotoServer, type MotoServer } from "../../scripts/lib/moto-server";

/**
 * The local AWS server loads AWS's managed policies (MOTO_IAM_LOAD_MANAGED_POLICIES, set by
 * startMotoServer), i.e. the documents AWS publishes. A role that must be able to do what a
 * managed service policy allows in a VPC fails here when it misses one of its EC2 actions.
 */
describe("VPC actions of the lake's service roles, against AWS's managed policies", () => {
  let moto: MotoServer;
  let iam: IAMClient;
  beforeAll(async () => {
    moto = await startMotoServer();
    iam = new IAMClient({ endpoint: moto.endpoint, region: "us-east-1", credentials: { accessKeyId: "test", secretAccessKey: "test" } });
  }, 60_000);
  afterAll(async () => moto?.stop());

  async function managedEc2Actions(name: string): Promise<string[]> {
    const arn = `arn:aws:iam::aws:policy/service-role/${name}`;
    const { Policy } = await iam.send(new GetPolicyCommand({ PolicyArn: arn }));
    const { PolicyVersion } = await iam.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: Policy!.DefaultVersionId }));
    const document = JSON.parse(decodeURIComponent(PolicyVersion!.Document!)) as { Statement: Array<{ Action: string | string[]; Condition?: unknown }> };
    // Unconditioned statements only: the tagging statement (aws:TagKeys) is written separately.
    return document.Statement.filter((s) => !s.Condition).flatMap((s) => [s.Action].flat()).filter((a) => a.startsWith("ec2:"));
  }

  it("the function role has exactly the EC2 actions of AWSLambdaVPCAccessExecutionRole", async () => {
    // Act
    const managed = await managedEc2Actions("AWSLambdaVPCAccessExecutionRole");
    // Assess
    expect(managed).toContain("ec2:DescribeSubnets"); // the action added in 2024 (policy version v3)
    expect([...LAMBDA_VPC_ACCESS_EC2_ACTIONS].sort()).toEqual(managed.sort());
  });

  it("the Glue job roles have exactly the EC2 actions of AWSGlueServiceRole", async () => {
    // Act
    const managed = await managedEc2Actions("AWSGlueServiceRole");
    // Assess
    expect(managed.length).toBeGreaterThan(5);
    expect([...GLUE_VPC_EC2_ACTIONS].sort()).toEqual(managed.sort());
  });
});
