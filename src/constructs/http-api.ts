import { Apigatewayv2Api } from "@cdktf/provider-aws/lib/apigatewayv2-api";
import { Apigatewayv2Authorizer } from "@cdktf/provider-aws/lib/apigatewayv2-authorizer";
import { Apigatewayv2Integration } from "@cdktf/provider-aws/lib/apigatewayv2-integration";
import { Apigatewayv2Route } from "@cdktf/provider-aws/lib/apigatewayv2-route";
import { Apigatewayv2Stage } from "@cdktf/provider-aws/lib/apigatewayv2-stage";
import { LambdaPermission } from "@cdktf/provider-aws/lib/lambda-permission";
import { Construct } from "constructs";
import { EncryptedLogGroup } from "./encrypted-log-group";
import type { LakeKey } from "./lake-key";
import { addMathAlarm, addMetricAlarm } from "./metric-alarm";
import { RUNBOOK_SECTIONS } from "./runbook";

/**
 * One JSON line per request ($context variables of HTTP APIs, "Customizing HTTP API access logs"):
 * who (the JWT's sub and the tenant claim), what, the answer, and why it failed where it did.
 */
export function accessLogFormat(tenantClaim: string): string {
  return JSON.stringify({
    requestId: "$context.requestId",
    ip: "$context.identity.sourceIp",
    requestTime: "$context.requestTime",
    routeKey: "$context.routeKey",
    status: "$context.status",
    responseLength: "$context.responseLength",
    responseLatency: "$context.responseLatency",
    integrationLatency: "$context.integrationLatency",
    integrationError: "$context.integrationErrorMessage",
    authorizerError: "$context.authorizer.error",
    sub: "$context.authorizer.claims.sub",
    tenant: `$context.authorizer.claims.${tenantClaim}`,
  });
}

/** API Gateway's largest stage throttling values (the account limit caps them further). */
const MAX_RATE = 10_000;
const MAX_BURST = 5_000;

export interface HttpApiProps {
  readonly apiName: string;
  readonly description: string;
  /** Route keys, e.g. "POST /v1/events": the version is part of the path, so v2 can sit beside v1. */
  readonly routeKeys: readonly string[];
  /** The function every route invokes (payload format 2.0). */
  readonly function: { readonly arn: string; readonly name: string; readonly invokeArn: string };
  readonly jwt: { readonly issuer: string; readonly audiences: readonly string[] };
  /** The claim naming the caller's tenant, logged with each request. */
  readonly tenantClaim: string;
  /** Browser origins allowed (https, no "*"). @default none: no CORS, server-to-server only */
  readonly corsAllowOrigins?: readonly string[];
  readonly throttling: { readonly rateLimit: number; readonly burstLimit: number };
  readonly encryptionKey: LakeKey;
  readonly logRetentionDays: number;
  readonly region: string;
  readonly accountId: string;
  readonly alarmActions: readonly string[];
  /** Share of requests answered 4xx above which the client-error alarm fires. @default 0.05 */
  readonly clientErrorRateAlarm?: number;
}

/**
 * An API Gateway HTTP API: routes behind a JWT authorizer to one Lambda function, CORS only for the
 * listed origins, the `$default` stage auto-deployed with throttling and JSON access logs to a CMK
 * log group, and alarms on server errors and on a high share of client errors. No custom domain yet:
 * the execute-api endpoint is the address.
 */
export class HttpApi extends Construct {
  readonly api: Apigatewayv2Api;
  readonly stage: Apigatewayv2Stage;
  readonly logGroup: EncryptedLogGroup;
  readonly endpoint: string;
  readonly routes: Apigatewayv2Route[] = [];

  constructor(scope: Construct, id: string, props: HttpApiProps) {
    super(scope, id);
    const { rateLimit, burstLimit } = props.throttling;
    if (!(rateLimit > 0 && rateLimit <= MAX_RATE)) throw new Error(`${this.node.path}: throttling.rateLimit ${rateLimit} must be more than 0 and at most ${MAX_RATE} requests/s`);
    if (!(Number.isInteger(burstLimit) && burstLimit > 0 && burstLimit <= MAX_BURST)) throw new Error(`${this.node.path}: throttling.burstLimit ${burstLimit} must be a whole number from 1 to ${MAX_BURST}`);
    if (props.jwt.audiences.length === 0) throw new Error(`${this.node.path}: jwt.audiences is empty; list the audiences (or app client ids) the API accepts`);
    const wildcard = props.corsAllowOrigins?.find((o) => o.includes("*"));
    if (wildcard) throw new Error(`${this.node.path}: corsAllowOrigins has "${wildcard}"; with bearer tokens, name each https origin instead of a wildcard`);
    for (const key of props.routeKeys) {
      if (!/^(GET|POST|PUT|PATCH|DELETE) \/v\d+\/[a-z0-9/{}-]+$/.test(key)) throw new Error(`${this.node.path}: route key "${key}" must be "<METHOD> /v<version>/<path>", e.g. "POST /v1/events"`);
    }
    const origins = props.corsAllowOrigins ?? [];
    this.api = new Apigatewayv2Api(this, "api", {
      name: props.apiName,
      description: props.description,
      protocolType: "HTTP",
      corsConfiguration: origins.length > 0 ? { allowOrigins: [...origins], allowMethods: [...new Set(props.routeKeys.map((k) => k.split(" ")[0]))], allowHeaders: ["authorization", "content-type"], maxAge: 600 } : undefined,
    });
    const authorizer = new Apigatewayv2Authorizer(this, "jwt", {
      apiId: this.api.id,
      name: `${props.apiName}-jwt`,
      authorizerType: "JWT",
      identitySources: ["$request.header.Authorization"],
      jwtConfiguration: { issuer: props.jwt.issuer, audience: [...props.jwt.audiences] },
    });
    const integration = new Apigatewayv2Integration(this, "function", {
      apiId: this.api.id,
      integrationType: "AWS_PROXY",
      integrationUri: props.function.invokeArn,
      payloadFormatVersion: "2.0",
      timeoutMilliseconds: 30_000,
    });
    props.routeKeys.forEach((routeKey, i) => {
      this.routes.push(new Apigatewayv2Route(this, `route-${i}`, { apiId: this.api.id, routeKey, target: `integrations/${integration.id}`, authorizationType: "JWT", authorizerId: authorizer.id }));
      const [method, path] = routeKey.split(" ");
      new LambdaPermission(this, `invoke-${i}`, {
        statementId: `HttpApi${method}${path.replace(/[^A-Za-z0-9]/g, "")}`,
        action: "lambda:InvokeFunction",
        functionName: props.function.name,
        principal: "apigateway.amazonaws.com",
        // Only this route of this API, on any stage.
        sourceArn: `${this.api.executionArn}/*/${method}${path}`,
      });
    });
    this.logGroup = new EncryptedLogGroup(this, "access-logs", { name: `/aws/apigateway/${props.apiName}`, encryptionKey: props.encryptionKey, retentionDays: props.logRetentionDays });
    this.stage = new Apigatewayv2Stage(this, "stage", {
      apiId: this.api.id,
      name: "$default",
      autoDeploy: true,
      defaultRouteSettings: { throttlingRateLimit: rateLimit, throttlingBurstLimit: burstLimit, detailedMetricsEnabled: true },
      accessLogSettings: { destinationArn: this.logGroup.arn, format: accessLogFormat(props.tenantClaim) },
    });
    this.endpoint = this.api.apiEndpoint;
    this.addAlarms(props);
  }

  private addAlarms(props: HttpApiProps): void {
    // HTTP API metrics: namespace AWS/ApiGateway, dimensions ApiId and Stage. A quiet API has no points.
    const dimensions = { ApiId: this.api.id, Stage: "$default" };
    addMetricAlarm(this, "server-errors", {
      alarmName: `${props.apiName}-5xx`,
      description: `${props.apiName} answered 5xx: the ingest function failed or could not be reached; producers resend the whole request (event ids make that safe)`,
      namespace: "AWS/ApiGateway",
      metricName: "5xx",
      dimensions,
      statistic: "Sum",
      threshold: 0,
      periodSeconds: 300,
      runbook: RUNBOOK_SECTIONS.apiErrors,
      treatMissingData: "notBreaching",
      severity: "page",
      actions: props.alarmActions,
    });
    const share = props.clientErrorRateAlarm ?? 0.05;
    const metric = (id: string, metricName: string) => ({ id, returnData: false, metric: { namespace: "AWS/ApiGateway", metricName, dimensions, stat: "Sum", period: 300 } });
    addMathAlarm(this, "client-errors", {
      alarmName: `${props.apiName}-4xx-rate`,
      description: `More than ${share * 100}% of requests to ${props.apiName} were refused (4xx): expired tokens, throttling at the stage, or a producer sending bad requests; the access log names each`,
      // Below 100 requests in 5 minutes a few refusals are noise, not a trend.
      metricQuery: [metric("errors", "4xx"), metric("requests", "Count"), { id: "rate", expression: "IF(requests > 100, errors / requests, 0)", label: "4xx share", returnData: true }],
      comparison: "GreaterThanThreshold",
      threshold: share,
      evaluationPeriods: 2,
      runbook: RUNBOOK_SECTIONS.apiErrors,
      treatMissingData: "notBreaching",
      severity: "ticket",
      actions: props.alarmActions,
    });
  }
}
