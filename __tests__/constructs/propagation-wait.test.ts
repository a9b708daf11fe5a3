import { DataResource } from "cdktf";
import { PropagationWait, type PropagationWaitProps } from "../../src/constructs/propagation-wait";
import { resourceAt, synthScope, type SynthesizedJson } from "../support/synth";

function synthWait(extra: Partial<PropagationWaitProps> = {}): SynthesizedJson {
  return synthScope((scope) => {
    const policy = new DataResource(scope, "policy", { input: { doc: "{}" } });
    const wait = new PropagationWait(scope, "propagation", { after: policy, triggers: { policy: "v1" }, ...extra });
    new DataResource(scope, "sender", { dependsOn: [wait] });
  });
}

describe("PropagationWait", () => {
  it("sleeps SQS's documented 60 s after what it waits for, and holds back what depends on it", () => {
    const json = synthWait();
    const wait = resourceAt(json, "terraform_data", "propagation/wait");
    expect(wait).toMatchObject({ provisioner: [{ "local-exec": { command: "sleep 60" } }], depends_on: ["terraform_data.policy"] });
    expect(json.resource.terraform_data.sender.depends_on).toEqual([expect.stringMatching(/^terraform_data\.propagation_wait_/)]);
  });

  it("is replaced, and so waits again, when a trigger or the duration changes, and only then", () => {
    const triggers = (json: SynthesizedJson) => resourceAt(json, "terraform_data", "propagation/wait").triggers_replace;
    expect(triggers(synthWait())).toEqual({ policy: "v1", seconds: "60" });
    expect(triggers(synthWait({ triggers: { policy: "v2" } }))).toEqual({ policy: "v2", seconds: "60" });
    expect(triggers(synthWait({ seconds: 1 }))).toEqual({ policy: "v1", seconds: "1" });
  });

  it.each([-1, 1.5, 601])("refuses %p seconds", (seconds) => {
    expect(() => synthWait({ seconds })).toThrow(`propagation: seconds ${seconds} is out of range; use a whole number from 0 to 600`);
  });
});
