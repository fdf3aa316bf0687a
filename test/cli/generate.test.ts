import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { formatSummary, generateCommand, runGenerate } from '../../cli/commands/generate.js';
import { columnNames } from '../../shared/dictionary/index.js';

const SLOW = 180_000;
const root = resolve('.');
let work: string;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'ecls-generate-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Runs `ecls generate …` in a child process (through tsx), with a minimal root program around the command. */
function cli(...args: string[]) {
  const script = join(work, 'run.mts');
  writeFileSync(
    script,
    `import { Command } from '${root}/node_modules/commander/esm.mjs';\nimport { generateCommand } from '${root}/cli/commands/generate.ts';\n` +
      `await new Command('ecls').addCommand(generateCommand()).parseAsync(process.argv);\n`,
  );
  return spawnSync(join(root, 'node_modules/.bin/tsx'), [script, 'generate', ...args], {
    cwd: root,
    encoding: 'utf8',
  });
}

const noProgress = { write: () => true, isTTY: false };

describe('runGenerate', () => {
  it(
    'writes one CSV per active center and the same bytes for the same seed',
    () => {
      const a = join(work, 'a');
      const b = join(work, 'b');
      const summary = runGenerate({ out: a, seed: 5, scale: 0.1, dirty: 0 }, noProgress);
      runGenerate({ out: b, seed: 5, scale: 0.1, dirty: 0 }, noProgress);
      const files = readdirSync(a).sort();
      expect(files).toHaveLength(111);
      expect(files[0]).toBe('C001.csv');
      expect(files).not.toContain('C112.csv');
      let lines = 0;
      for (const file of files) {
        const text = readFileSync(join(a, file), 'utf8');
        expect(text.split('\n')[0]).toBe(columnNames.join(','));
        lines += text.trimEnd().split('\n').length - 1;
        expect(readFileSync(join(b, file), 'utf8')).toBe(text);
      }
      expect(summary).toMatchObject({ centers: 111, runs: lines, files: 111, dirtied: 0 });
      expect(formatSummary(summary)).toBe(`generated 111 centers, ${lines} runs: 111 files in ${a}`);
    },
    SLOW,
  );

  it(
    'lists dirtied rows in dirtied.json and reports progress',
    () => {
      const out = join(work, 'dirty');
      const progress: string[] = [];
      const summary = runGenerate(
        { out, seed: 5, scale: 0.1, dirty: 0.2 },
        { write: (t: string) => progress.push(t) },
      );
      const dirtied = JSON.parse(readFileSync(join(out, 'dirtied.json'), 'utf8')) as unknown[];
      expect(dirtied).toHaveLength(summary.dirtied);
      expect(summary.dirtied).toBeGreaterThan(0);
      expect(summary.files).toBe(112);
      expect(progress.at(-1)).toMatch(/^generate: 111\/111 centers/);
    },
    SLOW,
  );
});

describe('ecls generate (command line)', () => {
  it(
    'has an example in --help',
    () => {
      const help = generateCommand().helpInformation() + cli('--help').stdout;
      expect(help).toContain('--out <dir>');
      expect(help).toContain('$ ecls generate --out ./synthetic');
    },
    SLOW,
  );

  it(
    'exits 2 on bad usage',
    () => {
      const missingOut = cli('--seed', '3');
      expect(missingOut.status).toBe(2);
      expect(missingOut.stderr).toMatch(/--out/);
      const badScale = cli('--out', join(work, 'x'), '--scale', 'abc');
      expect(badScale.status).toBe(2);
      expect(badScale.stderr).toMatch(/scale must be a number/);
    },
    SLOW,
  );

  it(
    'prints a one-line summary on stdout and progress on stderr',
    () => {
      const out = join(work, 'cli');
      const result = cli('--out', out, '--scale', '0.05', '--seed', '9');
      expect(result.status).toBe(0);
      expect(result.stdout.trim().split('\n')).toHaveLength(1);
      expect(result.stdout).toMatch(/^generated 111 centers, \d+ runs: 111 files in /);
      expect(result.stderr).toMatch(/generate: 111\/111 centers/);
    },
    SLOW,
  );
});
