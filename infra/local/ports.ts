import { createServer } from 'node:net';

import { PortInUseError } from './errors.js';

/** What to tell the user to change when a port is busy. */
export interface PortOwner {
  /** The service, e.g. 'S3 (s3rver)'. */
  service: string;
  /** The `startLocalStack` option, e.g. 's3Port'. */
  option: string;
  /** The environment variable the CLI reads, e.g. 'ECLS_S3_PORT'. */
  envVar: string;
}

/** Tries to bind the port; resolves to the error code if binding fails, or undefined if the port is free. */
function tryBind(port: number, host: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'UNKNOWN'));
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(undefined)));
  });
}

/**
 * Checks that a port is free before a service is started on it, so a clash is reported by port and by the
 * setting that moves it instead of as an EADDRINUSE from inside Java. The wildcard address is probed because on
 * Linux and macOS it clashes with a listener on any single address, loopback included.
 * @throws {PortInUseError} if something already listens on the port.
 */
export async function assertPortFree(port: number, owner: PortOwner): Promise<void> {
  const code = await tryBind(port, '0.0.0.0');
  if (code === undefined) return;
  throw new PortInUseError(
    `Port ${port} for ${owner.service} is ${code === 'EADDRINUSE' ? 'already in use' : `not available (${code})`}. ` +
      `Stop whatever listens there (e.g. another "ecls start"; find it with "lsof -i :${port}"), or pick another ` +
      `port with the ${owner.option} option or the ${owner.envVar} environment variable.`,
    port,
    owner.option,
    owner.envVar,
    { cause: code },
  );
}

/** Asks the OS for a free port. Needed for DynamoDB Local, which cannot report the port it bound when given 0. */
export function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen({ port: 0, host: '127.0.0.1' }, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
