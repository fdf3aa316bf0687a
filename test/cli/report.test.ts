// `ecls report` and `ecls close-quarter` against endpoints where nothing listens: exit 1, and the message says
// what failed and what to do (start the stack, or point the command elsewhere), instead of a bare socket error.
import { createServer } from 'node:net';
import { runCloseQuarter } from '../../cli/commands/close-quarter.js';
import { runReport } from '../../cli/commands/report.js';

/** A loopback port that was free a moment ago (nothing listens on it). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function collector(): { text: string; write(chunk: string): void } {
  return {
    text: '',
    write(chunk: string) {
      this.text += chunk;
    },
  };
}

describe('report commands with no stack running', () => {
  let endpoints: { s3Endpoint: string; dynamodbEndpoint: string };

  beforeAll(async () => {
    const port = await closedPort();
    endpoints = { s3Endpoint: `http://127.0.0.1:${port}`, dynamodbEndpoint: `http://127.0.0.1:${port}` };
  });

  it('ecls report says the stack is not running and how to start it', async () => {
    const out = collector();
    const err = collector();
    expect(await runReport({ ...endpoints, quarter: '2023-Q3' }, out, err)).toBe(1);
    expect(err.text).toMatch(/^ecls report: .*ECONNREFUSED/);
    expect(err.text).toContain('Is the stack running? Start it with "npm start"');
  }, 60_000);

  it('ecls close-quarter says the same', async () => {
    const out = collector();
    const err = collector();
    expect(
      await runCloseQuarter({ ...endpoints, graceDays: 30, at: new Date('2023-10-31T00:00:00Z') }, out, err),
    ).toBe(1);
    expect(err.text).toMatch(/^ecls close-quarter: .*ECONNREFUSED/);
    expect(err.text).toContain('Is the stack running? Start it with "npm start"');
  }, 60_000);
});
