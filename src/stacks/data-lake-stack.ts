import type { Construct } from "constructs";
import { PlatformStack, type PlatformStackProps } from "./platform-stack";
import type { GlueCode } from "../bundling/glue-code";
import { lakeHandlerBundles, type LakeHandlerBundles } from "../bundling/lake-handlers";
import type { EnvironmentConfig } from "../config";
import { LakeNetwork } from "../constructs/lake-network";
import { PartnerAccessRole } from "../constructs/partner-access-role";
import { PipelineHealthAlarm } from "../constructs/pipeline-health-alarm";
import { LakeKeys } from "./lake-keys";
import { addLakeOutputs } from "./lake-outputs";
import { LakeStorage } from "./lake-storage";
import { ValidationPipeline } from "./validation-pipeline";
import { LakeCatalog } from "./lake-catalog";
import { LakeEtl } from "./lake-etl";
import { LakeQueries } from "./lake-queries";
import { LakeStreaming } from "./lake-streaming";
import { LakeDashboard } from "./lake-dashboard";

export interface DataLakeStackProps extends PlatformStackProps {
  /** Lambda packages. @default bundled from handlers/ at synth */
  readonly handlers?: LakeHandlerBundles;
  /** Glue scripts and library. @default built from glue-scripts/ at synth */
  readonly glueCode?: GlueCode;
}

export { dataLakeStackName } from "./deploy-order";

/**
 * The data lake of one environment: keys, buckets, network, partner access, validation, Glue ETL,
 * the catalog, the consumers' query workgroup and streaming ingest. Everything lives
 * in one stack on purpose: cross-stack references in cdktf become remote-state lookups that force
 * a deploy order and break `plan` of a downstream stack before the upstream one is applied, and
 * these resources share one lifecycle (created together, never torn down).
 */
export class DataLakeStack extends PlatformStack {
  readonly keys: LakeKeys;
  readonly storage: LakeStorage;
  readonly network: LakeNetwork;
  readonly validation: ValidationPipeline;
  readonly etl: LakeEtl;
  readonly catalog: LakeCatalog;
  readonly queries: LakeQueries;
  readonly streaming: LakeStreaming;
  readonly partnerRoles = new Map<string, PartnerAccessRole>();
  /** The "pipeline unhealthy" composite; undefined in local mode. */
  readonly health?: PipelineHealthAlarm;

  constructor(scope: Construct, id: string, props: DataLakeStackProps) {
    super(scope, id, props);
    const { config } = props;
    const local = this.localAwsServer;

    this.keys = new LakeKeys(this, "keys", { config, naming: this.naming });
    this.storage = new LakeStorage(this, "storage", { config, naming: this.naming, keys: this.keys, enforceConditionalDenies: !local });
    this.network = new LakeNetwork(this, "network", {
      network: config.network,
      naming: this.naming,
      region: config.region,
      accountId: config.accountId,
      logKey: this.keys.platform,
      logRetentionDays: config.logRetentionDays,
    });
    this.addPartnerRoles(config);
    this.validation = new ValidationPipeline(this, "validation", {
      config,
      naming: this.naming,
      keys: this.keys,
      storage: this.storage,
      network: this.network,
      bundle: (props.handlers ?? lakeHandlerBundles()).validation,
      localAwsServer: local,
    });
    this.streaming = new LakeStreaming(this, "streaming", {
      config,
      naming: this.naming,
      keys: this.keys,
      storage: this.storage,
      network: this.network,
      alerts: this.validation.alerts,
      bundle: (props.handlers ?? lakeHandlerBundles()).realtime,
      producers: new Map(config.producers.map((p) => [p.name, this.partnerRoles.get(`producer/${p.name}`)!])),
      localAwsServer: local,
    });
    const etlNaming = { config, naming: this.naming, keys: this.keys, storage: this.storage };
    this.etl = new LakeEtl(this, "etl", { ...etlNaming, network: this.network, alerts: this.validation.alerts, code: props.glueCode, localAwsServer: local });
    this.catalog = new LakeCatalog(this, "catalog", { ...etlNaming, names: this.etl.names });
    const consumers = new Map(config.consumers.map((c) => [c.name, this.partnerRoles.get(`consumer/${c.name}`)!]));
    this.queries = new LakeQueries(this, "queries", { ...etlNaming, names: this.etl.names, catalog: this.catalog, consumers });
    if (!local) {
      // Last but the outputs: it collects every paging alarm above. The local AWS server has no
      // composite alarms (moto 5.2.1 answers 500), so there is none in local mode.
      this.health = new PipelineHealthAlarm(this, "pipeline-health", {
        alarmName: this.naming.resource("pipeline-unhealthy"),
        watched: this,
        composites: this.streaming.ingestionRate.lowInMarketHours ? [this.streaming.ingestionRate.lowInMarketHours] : [],
        alarmActions: [this.validation.alerts.arn],
      });
    }
    addLakeOutputs(this, { storage: this.storage, keys: this.keys, network: this.network, partnerRoles: this.partnerRoles, validation: this.validation, etl: this.etl, queries: this.queries, streaming: this.streaming });
    new LakeDashboard(this, "dashboard", { config, naming: this.naming, storage: this.storage, validation: this.validation, streaming: this.streaming, etl: this.etl, watched: this });
  }

  private addPartnerRoles(config: EnvironmentConfig): void {
    const partners = [
      ...config.producers.map((partner) => ({ partner, access: "producer" as const, tier: "raw" as const })),
      ...config.consumers.map((partner) => ({ partner, access: "consumer" as const, tier: "curated" as const })),
    ];
    for (const { partner, access, tier } of partners) {
      const role = new PartnerAccessRole(this, `${access}-${partner.name}`, {
        partner,
        access,
        roleName: this.naming.iamRole(`${access}-${partner.name}`),
        bucket: this.storage.tiers[tier],
        bucketKey: this.keys.tiers[tier],
        region: config.region,
        producerDatasets: "datasets" in partner ? partner.datasets : undefined,
      });
      this.partnerRoles.set(`${access}/${partner.name}`, role);
    }
  }
}
