import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';

import { table } from '../../shared/config/resources.js';

/**
 * The CreateTable request for the registry table, built only from `table` in shared/config/resources.ts: string
 * pk/sk, on-demand billing, and GSI gsi1 (gsi1pk/gsi1sk) projecting all attributes. The CDK stack builds its
 * `TableV2` from the same constants, so the two cannot drift.
 */
export function registryTableDefinition(tableName: string = table.localName): CreateTableCommandInput {
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [
      table.partitionKey,
      table.sortKey,
      table.gsi1.partitionKey,
      table.gsi1.sortKey,
    ].map((AttributeName) => ({ AttributeName, AttributeType: 'S' })),
    KeySchema: [
      { AttributeName: table.partitionKey, KeyType: 'HASH' },
      { AttributeName: table.sortKey, KeyType: 'RANGE' },
    ],
    GlobalSecondaryIndexes: [
      {
        IndexName: table.gsi1.name,
        KeySchema: [
          { AttributeName: table.gsi1.partitionKey, KeyType: 'HASH' },
          { AttributeName: table.gsi1.sortKey, KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      },
    ],
  };
}
