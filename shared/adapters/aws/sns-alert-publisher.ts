import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import type { AlertPublisher } from '../../ports.js';

/** Finance alerts on an SNS topic (email subscriptions, chat integrations). Subjects are cut to SNS's 100 characters. */
export class SnsAlertPublisher implements AlertPublisher {
  constructor(
    private readonly client: SNSClient,
    private readonly topicArn: string,
  ) {}

  async publish(alert: Parameters<AlertPublisher['publish']>[0]): Promise<void> {
    await this.client.send(
      new PublishCommand({
        TopicArn: this.topicArn,
        Subject: alert.subject.replace(/[\r\n]+/g, ' ').slice(0, 100),
        Message: alert.message,
        MessageAttributes: { kind: { DataType: 'String', StringValue: alert.kind } },
      }),
    );
  }
}
