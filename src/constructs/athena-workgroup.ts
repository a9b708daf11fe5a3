import { AthenaNamedQuery } from "@cdktf/provider-aws/lib/athena-named-query";
import { AthenaWorkgroup } from "@cdktf/provider-aws/lib/athena-workgroup";
import { Construct } from "constructs";
import type { LakeKey } from "./lake-key";
import type { LeastPrivilegeRole } from "./least-privilege-role";
import type { SecureBucket } from "./secure-bucket";

/** A saved query of the workgroup; `?` marks an execution parameter (StartQueryExecution ExecutionParameters). */
export interface SavedQuery {
  readonly name: string;
  readonly description: string;
  readonly sql: string;
}

export interface QueryWorkgroupProps {
  readonly workgroupName: string;
  readonly description: string;
  readonly accountId: string;
  readonly region: string;
  /** Bucket and key of the data queried; results are written there too, under `resultsPrefix`, with that key. */
  readonly bucket: SecureBucket;
  readonly bucketKey: LakeKey;
  /** Key prefix of query results, e.g. "athena-results/" (give it a lifecycle expiry). */
  readonly resultsPrefix: string;
  /** Catalog database the saved queries run in. */
  readonly databaseName: string;
  /** Largest scan one query may do, in MB (Athena's minimum is 10 MB). */
  readonly bytesScannedCutoffPerQueryMb: number;
  readonly savedQueries: readonly SavedQuery[];
}

/** Athena's query actions on one workgroup (no workgroup administration). */
export const WORKGROUP_QUERY_ACTIONS = [
  "athena:StartQueryExecution",
  "athena:GetQueryExecution",
  "athena:GetQueryResults",
  "athena:GetQueryResultsStream",
  "athena:StopQueryExecution",
  "athena:GetWorkGroup",
  "athena:GetNamedQuery",
  "athena:ListNamedQueries",
  "athena:BatchGetNamedQuery",
  "athena:ListQueryExecutions",
] as const;

/**
 * An Athena workgroup whose settings override the client's (`enforce_workgroup_configuration`):
 * results always go to one prefix encrypted SSE-KMS with the data's own key, every query is cut
 * off past the configured scan, engine v3, CloudWatch metrics on. Saved queries answer the common
 * questions. `grantQuery` lets a role run queries here and nowhere else.
 */
export class QueryWorkgroup extends Construct {
  readonly workgroup: AthenaWorkgroup;
  readonly name: string;
  readonly arn: string;

  constructor(scope: Construct, id: string, private readonly props: QueryWorkgroupProps) {
    super(scope, id);
    if (!/^[a-z0-9][a-z0-9-]*\/$/.test(props.resultsPrefix)) throw new Error(`${this.node.path}: resultsPrefix "${props.resultsPrefix}" must be a key prefix ending in "/", e.g. "athena-results/"`);
    if (!Number.isInteger(props.bytesScannedCutoffPerQueryMb) || props.bytesScannedCutoffPerQueryMb < 10) {
      throw new Error(`${this.node.path}: bytesScannedCutoffPerQueryMb ${props.bytesScannedCutoffPerQueryMb} is below Athena's minimum of 10 MB`);
    }
    this.workgroup = new AthenaWorkgroup(this, "workgroup", {
      name: props.workgroupName,
      description: props.description,
      state: "ENABLED",
      forceDestroy: false,
      configuration: {
        enforceWorkgroupConfiguration: true,
        publishCloudwatchMetricsEnabled: true,
        requesterPaysEnabled: false,
        bytesScannedCutoffPerQuery: props.bytesScannedCutoffPerQueryMb * 1024 * 1024,
        engineVersion: { selectedEngineVersion: "Athena engine version 3" },
        resultConfiguration: {
          outputLocation: `s3://${props.bucket.name}/${props.resultsPrefix}`,
          expectedBucketOwner: props.accountId,
          encryptionConfiguration: { encryptionOption: "SSE_KMS", kmsKeyArn: props.bucketKey.arn },
        },
      },
    });
    this.name = this.workgroup.name;
    this.arn = this.workgroup.arn;
    props.savedQueries.forEach((q) => {
      new AthenaNamedQuery(this, `query-${q.name}`, { name: q.name, description: q.description, database: props.databaseName, workgroup: this.workgroup.id, query: q.sql });
    });
  }

  /**
   * Lets `role` run queries in this workgroup over `tables` of the database, and write and read its
   * results: Athena writes them as the caller, so the role needs PutObject and the key's data-key
   * actions (through S3 only) on the results prefix. Written on the role, the bucket policy and the
   * key policy alike, as the partner grants are.
   */
  grantQuery(sid: string, role: LeastPrivilegeRole, catalog: { readonly databaseName: string; readonly tableNames: readonly string[]; readonly catalogKey: LakeKey }): void {
    const { accountId, region, bucket, bucketKey, resultsPrefix } = this.props;
    const glue = (kind: string, name: string) => `arn:aws:glue:${region}:${accountId}:${kind}/${name}`;
    const results = bucket.objectsArn(resultsPrefix);
    const resultActions = ["s3:GetObject", "s3:PutObject", "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"];
    role.addToPolicy({ Sid: "QueryInWorkgroup", Effect: "Allow", Action: [...WORKGROUP_QUERY_ACTIONS], Resource: this.arn });
    role.addToPolicy({
      Sid: "ReadCatalog",
      Effect: "Allow",
      Action: ["glue:GetDatabase", "glue:GetTable", "glue:GetTables", "glue:GetPartition", "glue:GetPartitions"],
      Resource: [`arn:aws:glue:${region}:${accountId}:catalog`, glue("database", catalog.databaseName), ...catalog.tableNames.map((t) => glue("table", `${catalog.databaseName}/${t}`))],
    });
    role.addToPolicy({ Sid: "CatalogKeyThroughGlue", Effect: "Allow", Action: ["kms:Decrypt"], Resource: catalog.catalogKey.arn, Condition: { StringEquals: { "kms:ViaService": `glue.${region}.amazonaws.com` } } });
    role.addToPolicy({ Sid: "QueryResults", Effect: "Allow", Action: resultActions, Resource: results });
    role.addToPolicy({
      Sid: "ResultsKeyThroughS3",
      Effect: "Allow",
      Action: ["kms:GenerateDataKey", "kms:Decrypt"],
      Resource: bucketKey.arn,
      Condition: { StringEquals: { "kms:ViaService": `s3.${region}.amazonaws.com` } },
    });
    bucket.addToResourcePolicy({ Sid: `${sid}QueryResults`, Effect: "Allow", Principal: { AWS: role.arn }, Action: resultActions, Resource: results });
    bucketKey.grantThroughS3(`${sid}QueryResults`, [role.arn], "write");
  }
}
