import type { Naming } from "../../config/naming";
import { EVENT_TYPES } from "../../../handlers/market-events/envelope";

export type MarketEventType = (typeof EVENT_TYPES)[number];
export { EVENT_TYPES };

/**
 * The market events bus, its archive and its per-type rules, as the market events stack names them
 * (that stack imports these; kept free of cdktf so the replay CLI does not load it).
 * dev: bus "mdl-dev-use1-market-events", archive "mdl-dev-use1-market-events-archive", rule
 * "mdl-dev-use1-market-events-trade".
 */
export function marketEventsNames(naming: Naming) {
  const bus = naming.resource("market-events");
  return { bus, archive: `${bus}-archive`, rule: (type: MarketEventType) => `${bus}-${type}` };
}
