/**
 * `ecls` commands act locally as AWS would let them: a center's commands under its synthesized role (its own
 * ledger rows and objects only), the report and close-quarter commands under those functions' roles.
 */
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { enforceAs } from '../../cli/commands/acting-identity.js';
import { readRegistryStatus } from '../../shared/app/registry-status.js';
import { DynamoRegistryStore } from '../../shared/adapters/index.js';
import {
  createLocalDocClient,
  createLocalDynamoClient,
  createLocalS3Client,
} from '../../infra/local/sdk-clients.js';
import { withLocalStack } from '../support/local-stack.js';

const local = withLocalStack();

async function clientsAsCenter(centerId: string) {
  const s3 = createLocalS3Client(local.stack.endpoints.s3);
  const dynamo = createLocalDynamoClient(local.stack.endpoints.dynamodb);
  await enforceAs({ s3, dynamo }, { center: centerId });
  return { s3, doc: createLocalDocClient(dynamo), destroy: () => (s3.destroy(), dynamo.destroy()) };
}

it('a center reads its own ledger and data-set pointer, and is refused another center’s', async () => {
  const c001 = await clientsAsCenter('C001');
  const registry = new DynamoRegistryStore(c001.doc, { tableName: local.stack.tableName });
  try {
    expect(await registry.listUploads('C001')).toEqual([]);
    expect(await readRegistryStatus(registry, ['C001'])).toEqual([{ centerId: 'C001', uploads: [] }]);
    await expect(registry.listUploads('C002')).rejects.toMatchObject({
      name: 'RegistryStoreError',
      cause: {
        name: 'AccessDeniedException',
        message: expect.stringContaining('dynamodb:Query on resource'),
      },
    });
  } finally {
    c001.destroy();
  }
});

it('a center puts under its own upload prefix only', async () => {
  const c001 = await clientsAsCenter('C001');
  try {
    const put = (key: string) =>
      c001.s3.send(new PutObjectCommand({ Bucket: local.stack.buckets.uploads, Key: key, Body: 'x' }));
    await expect(put('uploads/C001/a.txt')).resolves.toMatchObject({ $metadata: { httpStatusCode: 200 } });
    await expect(put('uploads/C002/a.txt')).rejects.toMatchObject({ name: 'AccessDenied' });
  } finally {
    c001.destroy();
  }
});

it('an unknown center is named, not silently given access', async () => {
  await expect(clientsAsCenter('C999')).rejects.toThrow('center C999 has no role in the deployment');
});

it('ecls status --center refuses a center the registry does not have before contacting the stack', async () => {
  const { runStatus } = await import('../../cli/commands/status.js');
  const options = {
    format: 'text' as const,
    lang: 'en' as const,
    s3Endpoint: local.stack.endpoints.s3,
    dynamodbEndpoint: local.stack.endpoints.dynamodb,
  };
  await expect(runStatus({ ...options, center: 'C999' }, { write: () => true })).rejects.toThrow(
    /^Unknown center "C999"\. (Did you mean C\d{3}\? )?Centers are listed in shared\/config\/centers\.json\.$/,
  );
  // A configured but inactive center has no role: named as such, also a usage error (exit 2 from the CLI).
  await expect(runStatus({ ...options, center: 'C112' }, { write: () => true })).rejects.toThrow(
    'center C112 has no role in the deployment: it is not an active center (shared/config/centers.json)',
  );
});
