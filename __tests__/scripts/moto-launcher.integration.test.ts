import { CreateStateMachineCommand, DescribeStateMachineCommand, ListStateMachineVersionsCommand, SFNClient, ValidateStateMachineDefinitionCommand } from "@aws-sdk/client-sfn";
import { localClientOptions } from "../../scripts/lib/local-clients";
import { startMotoServer, type MotoServer } from "../../scripts/lib/moto-server";

const ROLE = "arn:aws:iam::123456789012:role/saga-execution";
const definition = (machine: object) => JSON.stringify(machine);
const GOOD = definition({ StartAt: "Validate", States: { Validate: { Type: "Task", Resource: "arn:aws:states:::lambda:invoke", Next: "Done", Catch: [{ ErrorEquals: ["States.ALL"], Next: "Failed" }] }, Done: { Type: "Succeed" }, Failed: { Type: "Fail" } } });

/** The Step Functions calls scripts/local-aws/moto_launcher.py adds to moto, through the real SDK. */
describe("moto launcher: Step Functions", () => {
  let moto: MotoServer;
  let sfn: SFNClient;
  beforeAll(async () => {
    moto = await startMotoServer();
    sfn = new SFNClient(localClientOptions(moto.endpoint));
  }, 60_000);
  afterAll(async () => moto?.stop());

  it("answers OK with no diagnostics for a well-formed definition", async () => {
    // Act
    const answer = await sfn.send(new ValidateStateMachineDefinitionCommand({ definition: GOOD, type: "EXPRESS" }));

    // Assess
    expect(answer.result).toBe("OK");
    expect(answer.diagnostics).toEqual([]);
  });

  it.each([
    ["not JSON", "{", "/"],
    ["a StartAt naming no state", definition({ StartAt: "Nowhere", States: { A: { Type: "Succeed" } } }), "/StartAt"],
    ["a Catch to a missing state", definition({ StartAt: "A", States: { A: { Type: "Task", Resource: "r", End: true, Catch: [{ ErrorEquals: ["States.ALL"], Next: "Gone" }] } } }), "/States/A/Catch[0].Next"],
    ["an unknown state type", definition({ StartAt: "A", States: { A: { Type: "Sleep", End: true } } }), "/States/A/Type"],
    ["a state with neither Next nor End", definition({ StartAt: "A", States: { A: { Type: "Pass" } } }), "/States/A"],
    ["a fault inside a Parallel branch", definition({ StartAt: "P", States: { P: { Type: "Parallel", End: true, Branches: [{ StartAt: "X", States: { X: { Type: "Pass", Next: "Y" } } }] } } }), "/States/P/Branches[0]/States/X/Next"],
  ])("answers FAIL for %s, at the faulty location", async (_case, faulty, location) => {
    // Act
    const answer = await sfn.send(new ValidateStateMachineDefinitionCommand({ definition: faulty }));

    // Assess
    expect(answer.result).toBe("FAIL");
    expect(answer.diagnostics).toEqual([expect.objectContaining({ severity: "ERROR", code: "SCHEMA_VALIDATION_FAILED", location })]);
  });

  it("keeps the EXPRESS type a machine is created with, and lists its published versions", async () => {
    // Prepare
    const { stateMachineArn } = await sfn.send(new CreateStateMachineCommand({ name: "saga", definition: GOOD, roleArn: ROLE, type: "EXPRESS", publish: true }));

    // Act
    const described = await sfn.send(new DescribeStateMachineCommand({ stateMachineArn }));
    const versions = await sfn.send(new ListStateMachineVersionsCommand({ stateMachineArn }));

    // Assess
    expect(described.type).toBe("EXPRESS");
    expect(versions.stateMachineVersions?.map((v) => v.stateMachineVersionArn)).toEqual([`${stateMachineArn}:1`]);
  });

  it("still stores STANDARD when no type is given", async () => {
    // Act
    const { stateMachineArn } = await sfn.send(new CreateStateMachineCommand({ name: "standard", definition: GOOD, roleArn: ROLE }));

    // Assess
    expect((await sfn.send(new DescribeStateMachineCommand({ stateMachineArn }))).type).toBe("STANDARD");
    expect((await sfn.send(new ListStateMachineVersionsCommand({ stateMachineArn }))).stateMachineVersions).toEqual([]);
  });
});
