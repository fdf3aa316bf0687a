/**
 * `ecls validate` end to end: spawns `node cli/ecls.mjs validate …` on fixture files (test/fixtures/validation,
 * written by make-fixtures.ts) and checks exit codes (0 green/yellow, 1 red, 2 bad usage) and the JSON output.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { VerdictSchema } from '../../shared/validation/index.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const fixture = (name: string) => `test/fixtures/validation/${name}`;

function ecls(...args: string[]) {
  const result = spawnSync(process.execPath, ['cli/ecls.mjs', ...args], { cwd: root, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('ecls validate', () => {
  it.each([
    ['green.csv', 0, 'green'],
    ['yellow.csv', 0, 'yellow'],
    ['red.csv', 1, 'red'],
    ['semicolon-gb18030.csv', 0, 'green'],
  ])('%s exits %i and prints a %s JSON verdict', (file, code, status) => {
    const result = ecls('validate', fixture(file), '--center', 'C001', '--format', 'json');
    expect(result.code).toBe(code);
    const verdict = VerdictSchema.parse(JSON.parse(result.stdout));
    expect(verdict.status).toBe(status);
    expect(Object.keys(JSON.parse(result.stdout))).toEqual(
      expect.arrayContaining(['status', 'problems', 'summary', 'rows', 'accepted']),
    );
  });

  it("lists the red file's error at its row and column in JSON and in text", () => {
    const json = JSON.parse(ecls('validate', fixture('red.csv'), '--format', 'json').stdout);
    expect(json.problems).toMatchObject([
      { row: 4, column: 'sex', value: 'unknown', rule: 'allowed-values' },
    ]);
    const text = ecls('validate', fixture('red.csv'));
    expect(text.code).toBe(1);
    expect(text.stdout).toMatch(/^Verdict: RED/);
    expect(text.stdout).toMatch(/row 4, sex:/);
  });

  it('rejects rows of another center than --center', () => {
    const result = ecls('validate', fixture('green.csv'), '--center', 'C002', '--format', 'json');
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout).summary.ruleCounts['center-mismatch']).toBe(4);
  });

  it('prints HTML and CSV verdicts', () => {
    const html = ecls('validate', fixture('red.csv'), '--format', 'html');
    expect(html.code).toBe(1);
    expect(html.stdout).toMatch(/^<!doctype html>/);
    const csv = ecls('validate', fixture('red.csv'), '--format', 'csv');
    expect(csv.stdout.split('\r\n')[0]).toBe('\uFEFFrow,run_id,column,value,rule,severity,message');
  });

  it.each([
    ['a missing file', ['validate', 'test/fixtures/validation/nope.csv']],
    ['an unknown format', ['validate', 'test/fixtures/validation/green.csv', '--format', 'xml']],
    ['an unknown option', ['validate', 'test/fixtures/validation/green.csv', '--nope']],
    ['no file argument', ['validate']],
    ['an unknown command', ['frobnicate']],
  ])('exits 2 for %s, with a message on stderr', (_name, args) => {
    const result = ecls(...args);
    expect(result.code).toBe(2);
    // commander's own errors start with "error:"; ecls's name the file.
    expect(result.stderr).toMatch(/error|nope\.csv/i);
    expect(result.stdout).toBe('');
  });

  it('has --help with an example, exiting 0', () => {
    const result = ecls('validate', '--help');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Examples:\s+\$ ecls validate/);
  });
});
