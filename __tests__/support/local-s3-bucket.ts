import { CreateBucketCommand, ListMultipartUploadsCommand, ListObjectsV2Command, type S3Client } from "@aws-sdk/client-s3";
import { localClients } from "../../scripts/lib/local-clients";
import { startMotoServer, type MotoServer } from "../../scripts/lib/moto-server";

export interface LocalBucket {
  /** A client made for the current test, so middleware a test adds stays in that test. */
  readonly s3: () => S3Client;
  /** Objects and unfinished multipart uploads under `prefix`. */
  leftovers(prefix: string): Promise<{ objects: number; uploads: number }>;
}

/** One bucket on a local S3 (moto) for the enclosing describe block. */
export function useLocalBucket(bucket: string): LocalBucket {
  let moto: MotoServer;
  let s3: S3Client;
  beforeAll(async () => {
    moto = await startMotoServer();
    await localClients(moto.endpoint).s3.send(new CreateBucketCommand({ Bucket: bucket }));
  }, 60_000);
  afterAll(async () => moto?.stop());
  beforeEach(() => {
    s3 = localClients(moto.endpoint).s3;
  });
  return {
    s3: () => s3,
    async leftovers(prefix) {
      const objects = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix }));
      const uploads = await s3.send(new ListMultipartUploadsCommand({ Bucket: bucket, Prefix: prefix }));
      return { objects: objects.KeyCount ?? 0, uploads: uploads.Uploads?.length ?? 0 };
    },
  };
}
