import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Packages the pure core (shared/ outside shared/adapters) must not import. */
const impureImports = [
  {
    group: ['@aws-sdk/*', '@middy/*', 'aws-cdk-lib', 'aws-cdk-lib/*', '@aws-lambda-powertools/*'],
    message: 'The core is pure: put AWS, middy and Powertools code in shared/adapters or functions/.',
  },
];
/** Forbids relative imports of the top-level folders named (from any depth below the repository root). */
const topLevel = (folders, message) => ({ regex: `^(\\.\\./)+(${folders.join('|')})/`, message });
/** Forbids relative imports of the shared/ folders named (from shared/ or any folder below it). */
const inShared = (folders, message) => ({ regex: `^(\\./|(\\.\\./)+)(${folders.join('|')})/`, message });
/** A block's import rule; a later block's options replace an earlier one's, so each block lists all of them. */
const restrictImports = (...patterns) => ({ 'no-restricted-imports': ['error', { patterns }] });

/** shared/ is imported by the CLI, the handlers and the local stack, never the other way round. */
const notTheShell = topLevel(
  ['cli', 'infra', 'functions'],
  'shared/ must not import cli/, infra/ or functions/: they depend on it.',
);
const notAdapters = inShared(
  ['adapters'],
  'Take the port (shared/ports) as an argument; the composition root picks the adapter.',
);
const notApp = inShared(
  ['app'],
  'The use cases in shared/app depend on the core and the adapters, not the other way round.',
);
const notAppOrAdapters = inShared(
  ['app', 'adapters'],
  'The core depends on neither the use cases (shared/app) nor the adapters (shared/adapters).',
);
const noEnvironment = {
  object: 'process',
  property: 'env',
  message: 'Pass configuration in; the core reads no environment.',
};

export default tseslint.config(
  { ignores: ['node_modules/', 'cdk.out/', '.local/', 'coverage/', 'bench/results/', 'dist/'] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    languageOptions: {
      globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', URL: 'readonly' },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  // Dependency direction: functions -> app -> core <- adapters; cli and infra/local -> app. Each block lists
  // every restriction of its folder, because a later block's rule options replace an earlier block's.
  {
    // The pure core: no AWS, middy, Powertools or environment (STYLE.md), and nothing of the layers above it.
    files: ['shared/**/*.ts'],
    ignores: ['shared/adapters/**', 'shared/app/**'],
    rules: {
      ...restrictImports(...impureImports, notTheShell, notAppOrAdapters),
      'no-restricted-properties': ['error', noEnvironment],
    },
  },
  {
    // Use cases take their adapters as arguments: the composition roots (handlers, CLI, local stack) pick them.
    files: ['shared/app/**/*.ts'],
    rules: {
      ...restrictImports(...impureImports, notTheShell, notAdapters),
      'no-restricted-properties': ['error', noEnvironment],
    },
  },
  {
    files: ['shared/adapters/**/*.ts'],
    rules: restrictImports(notTheShell, notApp),
  },
  {
    // Handlers parse the event and call a use case; the core is reached through shared/app only.
    files: ['functions/**/*.ts'],
    rules: restrictImports(
      topLevel(['cli', 'infra'], 'A Lambda handler must not depend on the CLI or the local stack.'),
      {
        regex: '^(\\.\\./)+shared/(?!app/|adapters/|observability/)',
        message:
          'Handlers call use cases: import from shared/app (or the composition root in shared/adapters).',
      },
    ),
  },
  {
    files: ['cli/**/*.ts', 'infra/local/**/*.ts'],
    rules: restrictImports(
      topLevel(['functions'], 'Call the use case in shared/app, not the Lambda handler or its helpers.'),
    ),
  },
  {
    files: ['infra/local/**/*.ts'],
    rules: restrictImports(
      topLevel(
        ['functions', 'cli'],
        'The local stack runs the use cases in shared/app; it must not depend on the CLI or the handlers.',
      ),
    ),
  },
);
