export * from "./market-events-names";
export * from "./replay";
