import { DynamoDBClient } from '@aws-sdk/client-dynamodb';

/**
 * SDK clients are created once per cold start and shared by every adapter of a function.
 * Endpoints come from the SDK's own configuration (AWS_ENDPOINT_URL_<SERVICE> works), so the same
 * bundle can be pointed at local endpoints unchanged.
 */
let dynamo: DynamoDBClient | undefined;

export function dynamoClient(): DynamoDBClient {
  dynamo ??= new DynamoDBClient({});
  return dynamo;
}

export const systemClock = { now: () => new Date() };
