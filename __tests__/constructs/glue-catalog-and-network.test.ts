import { ENVIRONMENTS } from "../../src/config/environments";
import { Naming } from "../../src/config/naming";
import { GlueNetwork } from "../../src/constructs/glue-network";
import { LakeKey } from "../../src/constructs/lake-key";
import { LakeNetwork } from "../../src/constructs/lake-network";
import { ParquetTable, type ParquetTableProps } from "../../src/constructs/parquet-table";
import { refTo, resourceAt, resourcesOf, synthScope, type SynthesizedJson } from "../support/synth";

function synthTable(extra: Partial<ParquetTableProps> = {}): SynthesizedJson {
  return synthScope((scope) => {
    new ParquetTable(scope, "trades", {
      databaseName: "mdl_dev_use1_processed",
      tableName: "trades",
      description: "trades",
      location: "s3://processed-bucket/dataset=trades/",
      columns: [{ name: "trade_id", type: "string" }, { name: "price", type: "double", comment: "USD" }],
      firstDate: "2020-01-01",
      ...extra,
    });
  });
}

describe("ParquetTable", () => {
  const table = resourceAt(synthTable(), "aws_glue_catalog_table", "trades/table");

  it("describes Parquet under the location with its typed columns and a string date partition key", () => {
    expect(table).toMatchObject({ name: "trades", database_name: "mdl_dev_use1_processed", table_type: "EXTERNAL_TABLE", lifecycle: { prevent_destroy: true } });
    expect(table.partition_keys).toEqual([{ name: "date", type: "string", comment: expect.any(String) }]);
    expect(table.storage_descriptor).toMatchObject({
      location: "s3://processed-bucket/dataset=trades/",
      input_format: "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat",
      output_format: "org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat",
      ser_de_info: { serialization_library: "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe" },
      columns: [{ name: "trade_id", type: "string" }, { name: "price", type: "double", comment: "USD" }],
    });
  });

  it("projects every day since the first date, so a new day needs no crawler or repair", () => {
    expect(table.parameters).toMatchObject({
      "projection.enabled": "true",
      "projection.date.type": "date",
      "projection.date.format": "yyyy-MM-dd",
      "projection.date.range": "2020-01-01,NOW",
      "projection.date.interval": "1",
      "projection.date.interval.unit": "DAYS",
      // Terraform reads "$${" as a literal "${": Athena substitutes the date, not Terraform.
      "storage.location.template": "s3://processed-bucket/dataset=trades/date=$${date}/",
    });
  });

  it.each([
    [{ tableName: "Trades" }, /tableName "Trades" must be lowercase/],
    [{ firstDate: "2020-1-1" }, /firstDate "2020-1-1" is not YYYY-MM-DD/],
    [{ location: "s3://processed-bucket/dataset=trades" }, /must be an s3:\/\/ prefix ending in "\/"/],
    [{ columns: [{ name: "date", type: "string" }] }, /column "date" is repeated or clashes with the partition key/],
    [{ columns: [{ name: "x", type: "string" }, { name: "x", type: "double" }] }, /column "x" is repeated/],
  ])("refuses %p", (extra, message) => {
    expect(() => synthTable(extra)).toThrow(message);
  });
});

describe("GlueNetwork", () => {
  const config = ENVIRONMENTS.prod;
  const json = synthScope((scope) => {
    const logKey = new LakeKey(scope, "logs-key", { aliasName: "alias/logs", description: "logs", accountId: config.accountId, region: config.region, allowCloudWatchLogs: true });
    const network = new LakeNetwork(scope, "network", { network: config.network, naming: new Naming(config), region: config.region, accountId: config.accountId, logKey, logRetentionDays: 30 });
    new GlueNetwork(scope, "glue", { namePrefix: "mdl-prd-use1-glue", accountId: config.accountId, region: config.region, network, availabilityZones: config.network.availabilityZones });
  });
  const sg = resourceAt(json, "aws_security_group", "glue/workers-sg");

  it("creates one NETWORK connection per private subnet and zone, all in the self-referencing group", () => {
    const connections = resourcesOf(json, "aws_glue_connection").map(([, c]) => [c.name, c.connection_type, c.physical_connection_requirements.availability_zone]);
    expect(connections).toEqual([
      ["mdl-prd-use1-glue-us-east-1a", "NETWORK", "us-east-1a"],
      ["mdl-prd-use1-glue-us-east-1b", "NETWORK", "us-east-1b"],
      ["mdl-prd-use1-glue-us-east-1c", "NETWORK", "us-east-1c"],
    ]);
    const sgId = refTo(json, "aws_security_group", "glue/workers-sg", "id");
    for (const [, c] of resourcesOf(json, "aws_glue_connection")) expect(c.physical_connection_requirements.security_group_id_list).toEqual([sgId]);
    expect(resourcesOf(json, "aws_glue_connection")[0][1].physical_connection_requirements.subnet_id).toBe(refTo(json, "aws_subnet", "network/private-subnet-us-east-1a", "id"));
  });

  it("lets workers reach each other on every TCP port and nothing else reach them; out only to each other and HTTPS to the endpoints", () => {
    expect(sg.ingress).toEqual([expect.objectContaining({ protocol: "tcp", from_port: 0, to_port: 65535, self: true })]);
    expect(sg.ingress[0].cidr_blocks ?? []).toEqual([]);
    expect(sg.egress).toEqual([
      expect.objectContaining({ protocol: "tcp", from_port: 0, to_port: 65535, self: true }),
      expect.objectContaining({ from_port: 443, to_port: 443, cidr_blocks: [config.network.vpcCidr] }),
      expect.objectContaining({ from_port: 443, to_port: 443, prefix_list_ids: [expect.stringContaining("s3-gateway"), expect.stringContaining("dynamodb-gateway")] }),
    ]);
  });
});
