import { KinesisClient, type KinesisClientConfig } from "@aws-sdk/client-kinesis";
import { NodeHttpHandler } from "@smithy/node-http-handler";

/**
 * A Kinesis client on HTTP/1.1. The SDK's Kinesis client defaults to an HTTP/2 handler (for
 * SubscribeToShard), which a plain-HTTP local server cannot speak ("ERR_HTTP2_ERROR: Protocol
 * error"); PutRecords needs nothing of HTTP/2, so the producer uses HTTP/1.1 everywhere, with up to
 * `maxSockets` keep-alive connections for its concurrent requests.
 */
export function kinesisClient(config: KinesisClientConfig, maxSockets = 16): KinesisClient {
  return new KinesisClient({ ...config, requestHandler: new NodeHttpHandler({ httpAgent: { keepAlive: true, maxSockets }, httpsAgent: { keepAlive: true, maxSockets } }) });
}
