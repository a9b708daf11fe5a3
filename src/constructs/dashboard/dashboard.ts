import { CloudwatchDashboard } from "@cdktf/provider-aws/lib/cloudwatch-dashboard";
import { Construct } from "constructs";
import { propertyVariableJson, type PropertyVariable } from "./dashboard-variable";
import { layoutRows, type PlacedWidget, type Row } from "./layout";

export interface DashboardProps {
  readonly dashboardName: string;
  readonly rows: readonly Row[];
  /** @default none */
  readonly variables?: readonly PropertyVariable[];
  /** Time range shown when opened. @default "-PT12H" */
  readonly start?: string;
}

/**
 * A CloudWatch dashboard from typed rows. The body is JSON.stringify over the typed widgets: names
 * and ARNs of resources stay Terraform references inside the string, so Terraform fills them in.
 */
export class Dashboard extends Construct {
  readonly dashboard: CloudwatchDashboard;
  readonly widgets: readonly PlacedWidget[];

  constructor(scope: Construct, id: string, props: DashboardProps) {
    super(scope, id);
    if (!/^[A-Za-z0-9_-]{1,255}$/.test(props.dashboardName)) throw new Error(`${this.node.path}: dashboardName "${props.dashboardName}" may hold only letters, digits, - and _ (at most 255)`);
    this.widgets = layoutRows(props.rows);
    // CloudWatch's limit per dashboard.
    if (this.widgets.length > 500) throw new Error(`${this.node.path}: ${this.widgets.length} widgets, CloudWatch allows 500; split the dashboard`);
    const body = {
      start: props.start ?? "-PT12H",
      periodOverride: "inherit",
      widgets: this.widgets.map(({ type, x, y, width, height, properties }) => ({ type, x, y, width, height, properties })),
      ...(props.variables?.length ? { variables: props.variables.map(propertyVariableJson) } : {}),
    };
    this.dashboard = new CloudwatchDashboard(this, "dashboard", { dashboardName: props.dashboardName, dashboardBody: JSON.stringify(body) });
  }
}
