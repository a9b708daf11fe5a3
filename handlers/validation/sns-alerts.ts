import { PublishCommand, type SNSClient } from "@aws-sdk/client-sns";
import type { AlertPublisher } from "./object-processor";

/** SNS subjects are limited to 100 characters. */
export function snsAlerts(sns: SNSClient, topicArn: string): AlertPublisher {
  return {
    async publish(subject: string, message: object): Promise<void> {
      await sns.send(new PublishCommand({ TopicArn: topicArn, Subject: subject.slice(0, 100), Message: JSON.stringify(message, null, 2) }));
    },
  };
}
