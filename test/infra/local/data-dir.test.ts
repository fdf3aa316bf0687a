import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { dataDirLayoutVersion, prepareDataDir } from '../../../infra/local/data-dir.js';
import { DataDirError } from '../../../infra/local/errors.js';

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'ecls-data-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('prepareDataDir', () => {
  it('creates the layout and a version marker, and accepts it again', async () => {
    const layout = await prepareDataDir(join(root, '.local'));
    expect(JSON.parse(await readFile(layout.marker, 'utf8'))).toEqual({
      layoutVersion: dataDirLayoutVersion,
    });
    await expect(prepareDataDir(join(root, '.local'))).resolves.toEqual(layout);
  });

  it('rejects a directory written by another layout version and says to reset it', async () => {
    await writeFile(join(root, 'stack.json'), JSON.stringify({ layoutVersion: 0 }));
    const attempt = prepareDataDir(root);
    await expect(attempt).rejects.toBeInstanceOf(DataDirError);
    await expect(attempt).rejects.toThrow(/layout 0, this is 1.*ecls reset/);
  });

  it('rejects a corrupt marker', async () => {
    await writeFile(join(root, 'stack.json'), '{not json');
    await expect(prepareDataDir(root)).rejects.toThrow(/stack\.json is not valid JSON.*delete/);
  });

  it('rejects a DynamoDB file that is not SQLite', async () => {
    await mkdir(join(root, 'dynamodb'));
    await writeFile(join(root, 'dynamodb', 'shared-local-instance.db'), 'garbage, not a database');
    await expect(prepareDataDir(root)).rejects.toThrow(/shared-local-instance\.db is not a SQLite database/);
  });

  it('rejects a file where a directory belongs', async () => {
    await writeFile(join(root, 's3'), 'oops');
    const attempt = prepareDataDir(root);
    await expect(attempt).rejects.toMatchObject({ name: 'DataDirError', dataDir: root });
    await expect(attempt).rejects.toThrow(/s3 should be a directory but is a file/);
  });
});
