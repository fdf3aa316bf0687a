// Jest runs the project as native ESM (middy 6 is ESM-only), so `npm test` starts node with
// --experimental-vm-modules. ts-jest only transpiles (`isolatedModules`); `tsc --noEmit` type-checks.
/** @type {import('jest').Config} */
export default {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: {
    // Source imports use the `.js` extension that Node's ESM resolver needs; map it back to the `.ts` file.
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json' }],
  },
  // A hang guard, not a speed check (timings belong to `npm run bench`): generous, because CI and shared
  // machines can be many times slower than a quiet laptop.
  testTimeout: 120000,
  // The SDK's Node-version notice is silenced as the CLI and npm start silence it (cli/sdk-node-warning.ts), so
  // test output shows only warnings that matter; test/cli/cli-errors.test.ts checks the CLI itself stays silent.
  setupFiles: ['<rootDir>/cli/sdk-node-warning.ts'],
  // Integration tests mostly wait on Java and sockets, so both cores can run test files at once.
  maxWorkers: 2,
};
