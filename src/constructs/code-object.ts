import { S3Object } from "@cdktf/provider-aws/lib/s3-object";
import { AssetType, TerraformAsset } from "cdktf";
import { Construct } from "constructs";
import type { GlueCodeFile } from "../bundling/glue-code";
import type { LakeKey } from "./lake-key";
import type { SecureBucket } from "./secure-bucket";

export interface CodeObjectProps {
  readonly bucket: SecureBucket;
  /** Object key, e.g. "scripts/raw_to_processed.py". */
  readonly key: string;
  readonly file: GlueCodeFile;
  /** The bucket's key (its policy refuses uploads under another). */
  readonly encryptionKey: LakeKey;
}

/**
 * A file from this repository uploaded by Terraform. Its `source_hash` is the file's SHA-256, so a
 * plan updates the object exactly when the file's bytes change (an SSE-KMS object's ETag is not
 * its MD5, so `etag` could not tell).
 */
export class CodeObject extends Construct {
  readonly object: S3Object;
  /** `s3://bucket/key`, as Glue's script location and --extra-py-files take it. */
  readonly uri: string;
  readonly objectArn: string;

  constructor(scope: Construct, id: string, props: CodeObjectProps) {
    super(scope, id);
    const asset = new TerraformAsset(this, "file", { path: props.file.path, type: AssetType.FILE, assetHash: props.file.sha256Hex });
    this.object = new S3Object(this, "object", {
      bucket: props.bucket.name,
      key: props.key,
      source: asset.path,
      sourceHash: props.file.sha256Hex,
      serverSideEncryption: "aws:kms",
      kmsKeyId: props.encryptionKey.arn,
      bucketKeyEnabled: true,
      // The bucket policy must be in place first (it refuses uploads without the bucket's key).
      dependsOn: [props.bucket.policy],
    });
    this.uri = `s3://${props.bucket.name}/${props.key}`;
    this.objectArn = `${props.bucket.arn}/${props.key}`;
  }
}
