import { Testing } from "cdktf";
import { ENVIRONMENTS } from "../../src/config/environments";
import { MarketEventsStack } from "../../src/stacks/market-events-stack";

it("synthesizes dev", () => {
  const stack = new MarketEventsStack(Testing.app(), "market-events-dev", { config: ENVIRONMENTS.dev });
  const json = JSON.parse(Testing.synth(stack, true));
  console.log(Object.entries(json.resource).map(([t, r]) => `${t} ${Object.keys(r as object).length}`).join("\n"));
});
