import { GetPolicyCommand, GetPolicyVersionCommand, IAMClient } from "@aws-sdk/client-iam";
import { LAMBDA_VPC_ACCESS_EC2_ACTIONS } from "../../src/constructs/observed-function";
import { startMotoServer, type MotoServer } from "../../scripts/lib/moto-server";

/**
 * The local AWS server loads AWS's managed policies (MOTO_IAM_LOAD_MANAGED_POLICIES, set by
 * startMotoServer), i.e. the documents AWS publishes. A function in a VPC must be able to do what
 * AWSLambdaVPCAccessExecutionRole allows; a role missing one of its EC2 actions fails here.
 */
describe("the function role's VPC actions", () => {
  let moto: MotoServer;
  beforeAll(async () => {
    moto = await startMotoServer();
  }, 60_000);
  afterAll(async () => moto?.stop());

  it("are exactly the EC2 actions of AWS's managed AWSLambdaVPCAccessExecutionRole", async () => {
    // Prepare
    const iam = new IAMClient({ endpoint: moto.endpoint, region: "us-east-1", credentials: { accessKeyId: "test", secretAccessKey: "test" } });
    const arn = "arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole";
    // Act
    const { Policy } = await iam.send(new GetPolicyCommand({ PolicyArn: arn }));
    const { PolicyVersion } = await iam.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: Policy!.DefaultVersionId }));
    const document = JSON.parse(decodeURIComponent(PolicyVersion!.Document!)) as { Statement: Array<{ Action: string | string[] }> };
    // Assess
    const managed = document.Statement.flatMap((s) => [s.Action].flat()).filter((a) => a.startsWith("ec2:"));
    expect(managed).toContain("ec2:DescribeSubnets"); // the action added in 2024 (policy version v3)
    expect([...LAMBDA_VPC_ACCESS_EC2_ACTIONS].sort()).toEqual(managed.sort());
  });
});
