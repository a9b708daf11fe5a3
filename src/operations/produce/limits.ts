/**
 * Kinesis Data Streams limits a producer must keep (PutRecords API reference): a request holds at
 * most 500 records and 5 MiB "including partition keys"; one record is at most 1 MiB, and "the
 * record size limit applies to the total size of the partition key and data blob"; a partition key
 * is 1 to 256 Unicode characters. Sizes here are UTF-8 bytes of the key plus the data bytes.
 */
export const MAX_RECORDS_PER_REQUEST = 500;
export const MAX_REQUEST_BYTES = 5 * 1024 * 1024;
export const MAX_RECORD_BYTES = 1024 * 1024;
export const MAX_PARTITION_KEY_LENGTH = 256;

/** Bytes a record counts against the request and record limits: its data plus its partition key. */
export function recordBytes(partitionKey: string, data: Uint8Array): number {
  return Buffer.byteLength(partitionKey, "utf8") + data.byteLength;
}
