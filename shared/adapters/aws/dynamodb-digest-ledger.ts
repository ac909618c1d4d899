import { ConditionalCheckFailedException, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { DigestLedger } from '../../usecases/send-kpi-digest.js';
import { documentClient } from './dynamodb-account-store.js';

export const REPORTS_PK = 'REPORTS';
export const digestSk = (day: string): string => `DIGEST#${day}`;
export const digestRecipientSk = (day: string, recipient: string): string => `DIGEST#${day}#TO#${recipient.trim().toLowerCase()}`;

/**
 * Which weekly digests went out, in the Accounts table (the curate step ignores these items):
 *   pk `REPORTS`  sk `DIGEST#<day>`                  the day's claim: `sending` (with its holder's token) or `sent`
 *   pk `REPORTS`  sk `DIGEST#<day>#TO#<recipient>`   one per recipient SES accepted the digest for
 * The claim is a conditional PutItem (`attribute_not_exists`, or a `sending` claim older than the stale
 * limit: its holder died), so retries and the next hours' runs do not send again.
 */
export class DynamoDbDigestLedger implements DigestLedger {
  private readonly doc: DynamoDBDocumentClient;

  constructor(
    client: DynamoDBClient,
    private readonly tableName: string,
  ) {
    this.doc = documentClient(client);
  }

  async claim(day: string, token: string, at: Date, staleBefore: Date): Promise<boolean> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { pk: REPORTS_PK, sk: digestSk(day), status: 'sending', token, claimedAt: at.toISOString() },
          ConditionExpression: 'attribute_not_exists(pk) OR (#status = :sending AND claimedAt < :stale)',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':sending': 'sending', ':stale': staleBefore.toISOString() },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  async release(day: string, token: string): Promise<void> {
    try {
      await this.doc.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: { pk: REPORTS_PK, sk: digestSk(day) },
          ConditionExpression: '#token = :token',
          ExpressionAttributeNames: { '#token': 'token' },
          ExpressionAttributeValues: { ':token': token },
        }),
      );
    } catch (error) {
      // Someone else holds it now (ours went stale): theirs to keep.
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }

  async complete(day: string, token: string, at: Date, sent: number): Promise<void> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { pk: REPORTS_PK, sk: digestSk(day), status: 'sent', token, sentAt: at.toISOString(), sent },
          ConditionExpression: '#token = :token',
          ExpressionAttributeNames: { '#token': 'token' },
          ExpressionAttributeValues: { ':token': token },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }

  async wasSentTo(day: string, recipient: string): Promise<boolean> {
    const out = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: { pk: REPORTS_PK, sk: digestRecipientSk(day, recipient) }, ConsistentRead: true }));
    return out.Item !== undefined;
  }

  async recordSentTo(day: string, recipient: string, messageId: string, at: Date): Promise<void> {
    await this.doc.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { pk: REPORTS_PK, sk: digestRecipientSk(day, recipient), messageId, sentAt: at.toISOString() },
      }),
    );
  }
}
