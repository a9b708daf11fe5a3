export * from "./aws-metrics";
export * from "./dashboard";
export * from "./dashboard-variable";
export * from "./layout";
export * from "./metric";
export * from "./service-widgets";
export * from "./widgets";
