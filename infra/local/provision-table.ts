import {
  CreateTableCommand,
  DescribeTableCommand,
  type DynamoDBClient,
  ResourceInUseException,
  ResourceNotFoundException,
  type TableDescription,
} from '@aws-sdk/client-dynamodb';

import { ProvisioningError } from './errors.js';
import { registryTableDefinition } from './table-definition.js';

/** Renders a key schema as "pk HASH, sk RANGE" for comparison and for messages. */
function describeKeys(keys: { AttributeName?: string; KeyType?: string }[] | undefined): string {
  return (keys ?? []).map((k) => `${k.AttributeName} ${k.KeyType}`).join(', ');
}

/** Lists the differences between an existing table and the definition; empty when it matches. */
function schemaDifferences(existing: TableDescription, tableName: string): string[] {
  const wanted = registryTableDefinition(tableName);
  const differences: string[] = [];
  if (describeKeys(existing.KeySchema) !== describeKeys(wanted.KeySchema)) {
    differences.push(
      `key schema is [${describeKeys(existing.KeySchema)}], expected [${describeKeys(wanted.KeySchema)}]`,
    );
  }
  for (const index of wanted.GlobalSecondaryIndexes ?? []) {
    const found = existing.GlobalSecondaryIndexes?.find((g) => g.IndexName === index.IndexName);
    if (!found) differences.push(`index ${index.IndexName} is missing`);
    else if (describeKeys(found.KeySchema) !== describeKeys(index.KeySchema)) {
      differences.push(`index ${index.IndexName} keys are [${describeKeys(found.KeySchema)}]`);
    }
  }
  return differences;
}

/**
 * Creates the registry table if it does not exist (idempotent: a persisted table and its items are kept).
 * An existing table with another key schema is reported rather than silently used, since it means the data
 * directory predates a schema change.
 * @throws {ProvisioningError} with `differences` when the existing table does not match the definition.
 */
export async function ensureRegistryTable(
  client: DynamoDBClient,
  tableName: string,
): Promise<TableDescription> {
  let existing: TableDescription | undefined;
  try {
    existing = (await client.send(new DescribeTableCommand({ TableName: tableName }))).Table;
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
  }
  if (!existing) {
    try {
      existing = (await client.send(new CreateTableCommand(registryTableDefinition(tableName))))
        .TableDescription;
    } catch (error) {
      // Another process created it between our describe and create; theirs is the same definition.
      if (!(error instanceof ResourceInUseException)) throw error;
      existing = (await client.send(new DescribeTableCommand({ TableName: tableName }))).Table;
    }
  }
  const differences = existing
    ? schemaDifferences(existing, tableName)
    : ['the table could not be described'];
  if (differences.length > 0) {
    throw new TableSchemaMismatchError(
      `Table ${tableName} does not match the registry schema: ${differences.join('; ')}.`,
      differences,
    );
  }
  return existing!;
}

/** The table exists with a different key schema or without the GSI. */
export class TableSchemaMismatchError extends ProvisioningError {
  constructor(
    message: string,
    readonly differences: string[],
  ) {
    super(message);
  }
}
