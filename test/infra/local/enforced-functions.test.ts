/**
 * The three functions on the local stack under the IAM the synthesized template gives them (iam-simulate on
 * their roles, the bucket and key policies): a center uploads under its own role, the ingest function
 * ingests, the report function publishes and the close-quarter function finalises with the scheduler's
 * rendered input. Every call is recorded; none may be denied. Then grants are taken away one at a time, as a
 * regression would, and the function that needs each one fails with AWS's AccessDenied naming the action and
 * the resource: the grants the report and close-quarter roles lacked (read on the reports bucket) among them.
 */
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { closeQuarterIfDue } from '../../../shared/app/close-quarter-if-due.js';
import { clientsAs, createLocalRuntime, type LocalRuntime } from '../../../infra/local/function-runtime.js';
import { loadLocalDeployment } from '../../../infra/local/deployment/load-deployment.js';
import {
  functionOf,
  type RegistryDeployment,
  scheduleOf,
} from '../../../infra/local/deployment/local-deployment.js';
import { type AuthorizationRecord, centerIdentity } from '../../../infra/local/iam/local-iam.js';
import { connectPipeline, type LocalPipeline } from '../../../infra/local/pipeline.js';
import { localReportDependencies } from '../../../infra/local/report-wiring.js';
import type { FunctionName } from '../../../infra/stacks/function-specs.js';
import { readRegistryStatus } from '../../../shared/app/registry-status.js';
import { DynamoRegistryStore } from '../../../shared/adapters/index.js';
import { generateQuarterReport } from '../../../shared/report/generate-quarter-report.js';
import type { CloseQuarterEvent } from '../../../shared/app/close-quarter-if-due.js';
import { siteObjectStoreOn } from '../../../shared/report/publish/index.js';
import { generateRegistry, toCsv } from '../../../shared/synthetic/index.js';
import { withLocalStack } from '../../support/local-stack.js';

const SLOW = 600_000;
const local = withLocalStack();
const centerIds = ['C001', 'C002'];
const quarter = '2023-Q3';
let deployment: RegistryDeployment;
let pipeline: LocalPipeline;
const records: AuthorizationRecord[] = [];

/** A copy of the deployment whose function role lacks every statement allowing `action` on `resource…`. */
function withoutGrant(name: FunctionName, action: string, resourcePrefix: string): RegistryDeployment {
  const copy = structuredClone(deployment);
  const role = functionOf(copy, name).role;
  let removed = 0;
  for (const policy of role.identityPolicies) {
    policy.policy.Statement = policy.policy.Statement.filter((statement) => {
      const actions = [statement.Action].flat() as string[];
      const resources = [statement.Resource].flat() as string[];
      const drop = actions.includes(action) && resources.some((r) => r.startsWith(resourcePrefix));
      if (drop) removed += 1;
      return !drop;
    });
  }
  if (removed === 0) throw new Error(`${name} has no ${action} grant on ${resourcePrefix}`);
  return copy;
}

beforeAll(async () => {
  deployment = loadLocalDeployment();
  pipeline = connectPipeline(local.stack, { reportWindowMs: 100 });
  pipeline.runtime.iam.onDecision((record) => records.push(record));
  const center = (id: string) => clientsAs(pipeline.runtime, centerIdentity(deployment, id));
  for (const data of generateRegistry({ centerIds, scale: 0.2 })) {
    await center(data.centerId).s3.send(
      new PutObjectCommand({
        Bucket: local.stack.buckets.uploads,
        Key: `uploads/${data.centerId}/snapshot/export.csv`,
        Body: toCsv(data.rows, data.rawCells),
      }),
    );
  }
  await pipeline.drain();
}, SLOW);

afterAll(() => pipeline?.close());

describe('a grant taken away fails the function that needs it, as AWS would', () => {
  const runtimeWithout = (name: FunctionName, action: string, resourcePrefix: string): LocalRuntime =>
    createLocalRuntime(local.stack, { deployment: withoutGrant(name, action, resourcePrefix) });

  it(
    'the report function without read on the reports bucket: AccessDenied on s3:GetObject of site/',
    async () => {
      const runtime = runtimeWithout('report', 's3:GetObject', 'arn:aws:s3:::ecls-reports/site/');
      const deps = { ...localReportDependencies(runtime, 'report', () => undefined), centerIds };
      const failure = generateQuarterReport(deps, { quarter, now: new Date('2023-10-11T00:00:00Z') });
      await expect(failure).rejects.toMatchObject({
        name: 'ObjectStoreError',
        cause: {
          name: 'AccessDenied',
          $metadata: { httpStatusCode: 403 },
          message: expect.stringMatching(
            /not authorized to perform: s3:GetObject on resource: "arn:aws:s3:::ecls-reports\/site\//,
          ),
        },
      });
    },
    SLOW,
  );

  it(
    'the close-quarter function without its publication write: AccessDeniedException on dynamodb:UpdateItem',
    async () => {
      const table = deployment.table.arn;
      const runtime = runtimeWithout('close-quarter', 'dynamodb:UpdateItem', table);
      const deps = {
        ...localReportDependencies(runtime, 'close-quarter', () => undefined),
        centerIds,
        clock: () => new Date('2024-02-15T02:00:00Z'),
      };
      const input = scheduleOf(functionOf(deployment, 'close-quarter')).input as CloseQuarterEvent;
      await expect(closeQuarterIfDue(input, deps)).rejects.toMatchObject({
        name: 'RegistryStoreError',
        cause: {
          name: 'AccessDeniedException',
          message: expect.stringContaining(`dynamodb:UpdateItem on resource: "${table}"`),
        },
      });
    },
    SLOW,
  );

  it('the ingest function without its verdict writes: the message fails and is retried', async () => {
    const runtime = runtimeWithout('ingest', 's3:PutObject', 'arn:aws:s3:::ecls-data/validation/');
    const { localFunction } = await import('../../../infra/local/function-runtime.js');
    const fn = localFunction(runtime, 'ingest');
    const put = fn.clients.s3.send(
      new PutObjectCommand({
        Bucket: local.stack.buckets.data,
        Key: 'validation/C001/x/verdict.json',
        Body: '{}',
      }),
    );
    await expect(put).rejects.toMatchObject({ name: 'AccessDenied', $metadata: { httpStatusCode: 403 } });
  });

  it('a center may put only under its own prefix, and reading a key it cannot list answers 403, not 404', async () => {
    // Its own runtime, so these intended denials stay out of the pipeline's record.
    const c001 = clientsAs(
      createLocalRuntime(local.stack, { deployment }),
      centerIdentity(deployment, 'C001'),
    );
    await expect(
      c001.s3.send(
        new PutObjectCommand({
          Bucket: local.stack.buckets.uploads,
          Key: 'uploads/C002/export.csv',
          Body: 'x',
        }),
      ),
    ).rejects.toMatchObject({
      name: 'AccessDenied',
      message: expect.stringContaining(
        's3:PutObject on resource: "arn:aws:s3:::ecls-uploads/uploads/C002/export.csv"',
      ),
    });
    const reportSites = siteObjectStoreOn(pipeline.reports.deps.objectStore, local.stack.buckets.reports);
    expect(await reportSites.get('site/no-such-quarter/current.json')).toBeUndefined();
    const { S3ObjectStore } = await import('../../../shared/adapters/index.js');
    const centerSites = siteObjectStoreOn(new S3ObjectStore(c001.s3), local.stack.buckets.reports);
    await expect(centerSites.get('centers/C001/no-such-object.json')).rejects.toMatchObject({
      name: 'ObjectStoreError',
      cause: { name: 'AccessDenied', $metadata: { httpStatusCode: 403 } },
    });
  });
});

describe('every function under its synthesized role', () => {
  it(
    'ingests, publishes and finalises with no call denied',
    async () => {
      const statuses = await readRegistryStatus(
        new DynamoRegistryStore(local.stack.docClient(), { tableName: local.stack.tableName }),
        centerIds,
      );
      expect(statuses.map((s) => s.pointer?.runs ?? 0).every((runs) => runs > 0)).toBe(true);

      const reports = { ...pipeline.reports.deps, centerIds, clock: () => new Date('2023-10-10T00:00:00Z') };
      const provisional = await generateQuarterReport(reports, { quarter });
      expect(provisional.outcome).toBe('published');

      // The daily schedule's input as EventBridge Scheduler renders it from the template.
      const input = scheduleOf(functionOf(deployment, 'close-quarter')).input as CloseQuarterEvent;
      const closed = await closeQuarterIfDue(input, {
        ...pipeline.reports.closeQuarterDeps,
        centerIds,
        clock: () => new Date('2023-11-15T02:00:00Z'),
      });
      expect(closed).toMatchObject({ outcome: 'finalised', quarter });

      const sites = siteObjectStoreOn(pipeline.reports.deps.objectStore, local.stack.buckets.reports);
      expect(JSON.parse((await sites.get(`site/${quarter}/current.json`))!)).toMatchObject({
        status: 'final',
      });

      expect(records.filter((r) => r.decision !== 'Allowed')).toEqual([]);
      const identities = new Set(records.map((r) => r.identity));
      for (const who of ['center C001', 'function ingest', 'function report', 'function close-quarter']) {
        expect(identities).toContain(who);
      }
      // Each ingest sends its stale quarters to the report queue, and a verdict notice, as the role allows.
      const actions = new Set(records.filter((r) => r.identity === 'function ingest').map((r) => r.action));
      expect([...actions].sort()).toEqual(
        expect.arrayContaining([
          'dynamodb:Query',
          's3:GetObject',
          's3:PutObject',
          'sns:Publish',
          'sqs:SendMessage',
        ]),
      );
    },
    SLOW,
  );
});
