/**
 * A dashboard variable of type "property": picking a value rewrites that dimension's value in
 * every metric of the dashboard that has the dimension (CloudWatch "Dashboard Body Structure and
 * Syntax", Variables Array Structure).
 */
export interface PropertyVariable {
  /** The dimension key it sets, e.g. "dataset". */
  readonly property: string;
  /** @default the property */
  readonly label?: string;
  readonly values: readonly string[];
  /** @default the first of `values` */
  readonly defaultValue?: string;
}

export function propertyVariableJson(variable: PropertyVariable): Record<string, unknown> {
  if (variable.values.length === 0) throw new Error(`variable ${variable.property}: give at least one value`);
  const defaultValue = variable.defaultValue ?? variable.values[0];
  if (!variable.values.includes(defaultValue)) throw new Error(`variable ${variable.property}: defaultValue "${defaultValue}" is not one of ${variable.values.join(", ")}`);
  return {
    type: "property",
    property: variable.property,
    inputType: "select",
    id: variable.property,
    label: variable.label ?? variable.property,
    visible: true,
    defaultValue,
    values: variable.values.map((value) => ({ value, label: value })),
  };
}
