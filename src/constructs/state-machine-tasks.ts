import { Token } from "cdktf";

/**
 * What the Task states of an Amazon States Language definition call, read from the definition
 * itself so the execution role names exactly those resources. Only "clean" definitions are read:
 * every target is written into the definition (a literal, or a cdktf token that resolves to one at
 * synth). A target chosen at run time ("FunctionName.$", a JSONata "{% ... %}" expression) cannot
 * be scoped by IAM, so it is refused with the state's name rather than granted with a wildcard.
 */
export interface StateMachineTaskTargets {
  /** Lambda functions invoked (unqualified ARNs, or qualified ones as written). */
  readonly functionArns: readonly string[];
  /** Event buses published to (events:putEvents). */
  readonly eventBusArns: readonly string[];
  /** SNS topics published to (sns:publish). */
  readonly topicArns: readonly string[];
}

/** The service integrations whose permissions can be derived; others must be added here first. */
export const SUPPORTED_TASK_INTEGRATIONS = ["lambda:invoke", "events:putEvents", "sns:publish"] as const;

type Json = Readonly<Record<string, unknown>>;

interface Collected {
  functions: Set<string>;
  buses: Set<string>;
  topics: Set<string>;
}

const INTEGRATION = /^arn:aws[a-z-]*:states:::([a-zA-Z0-9-]+:[a-zA-Z0-9]+)(\.waitForTaskToken)?$/;
const LAMBDA_ARN = /^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:[A-Za-z0-9_-]{1,64}(:[A-Za-z0-9$_-]{1,128})?$/;
const LAMBDA_NAME = /^[A-Za-z0-9_-]{1,64}$/;
const BUS_NAME = /^[A-Za-z0-9._\-/]{1,256}$/;
const BUS_ARN = /^arn:aws[a-z-]*:events:[a-z0-9-]+:\d{12}:event-bus\/[A-Za-z0-9._\-/]{1,256}$/;
const TOPIC_ARN = /^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}(\.fifo)?$/;

const isToken = (value: unknown): value is string => typeof value === "string" && Token.isUnresolved(value);
const isJsonata = (value: unknown): boolean => typeof value === "string" && value.trim().startsWith("{%");

/**
 * Walks every Task state (inside Parallel branches and Map processors too) and returns what they
 * call. `where` names the construct in errors; `region` and `accountId` complete a bare function
 * or bus name into its ARN.
 */
export function stateMachineTaskTargets(definition: Json, where: string, region: string, accountId: string): StateMachineTaskTargets {
  const collected: Collected = { functions: new Set(), buses: new Set(), topics: new Set() };
  walkStates(definition, where, { region, accountId }, collected);
  return { functionArns: [...collected.functions], eventBusArns: [...collected.buses], topicArns: [...collected.topics] };
}

interface Place {
  readonly region: string;
  readonly accountId: string;
}

function walkStates(machine: Json, where: string, place: Place, out: Collected): void {
  const states = machine.States;
  if (typeof states !== "object" || states === null) throw new Error(`${where}: the definition has no States object; give an Amazon States Language definition`);
  for (const [name, state] of Object.entries(states as Record<string, Json>)) {
    if (state.Type === "Parallel") for (const branch of (state.Branches as Json[] | undefined) ?? []) walkStates(branch, where, place, out);
    if (state.Type === "Map") walkStates((state.ItemProcessor ?? state.Iterator) as Json, where, place, out);
    if (state.Type === "Task") readTask(name, state, where, place, out);
  }
}

function readTask(name: string, state: Json, where: string, place: Place, out: Collected): void {
  const resource = state.Resource;
  const refuse = (why: string) => new Error(`${where}: Task state "${name}" ${why}`);
  if (typeof resource !== "string" || isJsonata(resource)) throw refuse("has no literal Resource; write the integration ARN into the definition");
  // The legacy form: the function's ARN as the Resource itself.
  if (LAMBDA_ARN.test(resource)) {
    out.functions.add(resource);
    return;
  }
  const integration = INTEGRATION.exec(resource)?.[1];
  if (!integration || !(SUPPORTED_TASK_INTEGRATIONS as readonly string[]).includes(integration)) {
    throw refuse(`uses ${resource}; its permissions can be derived only for ${SUPPORTED_TASK_INTEGRATIONS.join(", ")}: add the integration to src/constructs/state-machine-tasks.ts with the actions it needs`);
  }
  // JSONPath states carry Parameters, JSONata states Arguments.
  const args = (state.Parameters ?? state.Arguments ?? {}) as Json;
  const literal = (field: string, from: Json = args): unknown => {
    if (`${field}.$` in from || isJsonata(from[field])) throw refuse(`chooses ${field} at run time; write it into the definition so the role can name it`);
    return from[field];
  };
  if (integration === "lambda:invoke") out.functions.add(functionArn(literal("FunctionName"), place, refuse));
  if (integration === "sns:publish") out.topics.add(topicArn(literal("TopicArn"), refuse));
  if (integration === "events:putEvents") {
    if ("Entries.$" in args || isJsonata(args.Entries)) throw refuse("builds Entries at run time; write each entry's EventBusName into the definition");
    const entries = args.Entries;
    if (!Array.isArray(entries) || entries.length === 0) throw refuse("has no Entries; give at least one entry with its EventBusName");
    for (const entry of entries as Json[]) out.buses.add(busArn(literal("EventBusName", entry), place, refuse));
  }
}

function functionArn(value: unknown, place: Place, refuse: (why: string) => Error): string {
  if (isToken(value) || (typeof value === "string" && LAMBDA_ARN.test(value))) return value;
  if (typeof value === "string" && LAMBDA_NAME.test(value)) return `arn:aws:lambda:${place.region}:${place.accountId}:function:${value}`;
  throw refuse(`has FunctionName ${JSON.stringify(value)}; give the function's ARN or name`);
}

function topicArn(value: unknown, refuse: (why: string) => Error): string {
  if (isToken(value) || (typeof value === "string" && TOPIC_ARN.test(value))) return value;
  throw refuse(`has TopicArn ${JSON.stringify(value)}; give the topic's ARN (only TopicArn targets are supported, not TargetArn or PhoneNumber)`);
}

function busArn(value: unknown, place: Place, refuse: (why: string) => Error): string {
  // PutEvents without EventBusName puts on the account's default bus.
  if (value === undefined) return `arn:aws:events:${place.region}:${place.accountId}:event-bus/default`;
  if (typeof value === "string" && BUS_ARN.test(value)) return value;
  // A token could be a name or an ARN; the ARN built from it would be wrong for one of them.
  if (typeof value === "string" && !isToken(value) && BUS_NAME.test(value)) return `arn:aws:events:${place.region}:${place.accountId}:event-bus/${value}`;
  throw refuse(`has EventBusName ${JSON.stringify(value)}; give the bus name or ARN as a literal string (e.g. from the Naming helper)`);
}
