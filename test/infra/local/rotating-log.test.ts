import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openRotatingLog, rotateLogFile } from '../../../infra/local/rotating-log.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ecls-log-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const line = (i: number): string => `{"n":${String(i).padStart(4, '0')}}`; // 11 bytes with its newline

describe('openRotatingLog', () => {
  it('rotates when a line takes the file over its cap, keeping the newest files only', () => {
    const file = join(dir, 'ingest.log');
    const log = openRotatingLog(file, { maxBytes: 110, keep: 2 });
    for (let i = 0; i < 45; i++) log.write(line(i));
    log.end();
    // 11 bytes a line: every 10 lines fill a file, so 45 lines make four full files and one of five lines.
    expect(readFileSync(file, 'utf8').trim().split('\n')).toEqual([40, 41, 42, 43, 44].map(line));
    expect(readFileSync(`${file}.1`, 'utf8').trim().split('\n')[0]).toBe(line(30));
    expect(readFileSync(`${file}.2`, 'utf8').trim().split('\n')[0]).toBe(line(20));
    expect(existsSync(`${file}.3`)).toBe(false);
    for (const f of [file, `${file}.1`, `${file}.2`]) expect(statSync(f).size).toBeLessThanOrEqual(110);
  });

  it('rotates a file already over its cap when opened, and appends to one under it', () => {
    const big = join(dir, 'report.log');
    writeFileSync(big, 'x'.repeat(200));
    openRotatingLog(big, { maxBytes: 100, keep: 3 }).write('new');
    expect(readFileSync(big, 'utf8')).toBe('new\n');
    expect(readFileSync(`${big}.1`, 'utf8')).toBe('x'.repeat(200));

    const small = join(dir, 'verdict-notices.log');
    writeFileSync(small, 'old\n');
    openRotatingLog(small, { maxBytes: 100 }).write('new');
    expect(readFileSync(small, 'utf8')).toBe('old\nnew\n');
    expect(existsSync(`${small}.1`)).toBe(false);
  });

  it('drops lines written after end()', () => {
    const file = join(dir, 'a.log');
    const log = openRotatingLog(file);
    log.write('kept');
    log.end();
    log.write('dropped');
    expect(readFileSync(file, 'utf8')).toBe('kept\n');
  });
});

describe('rotateLogFile', () => {
  it('shifts each file up by one and removes the file with keep 0', () => {
    const file = join(dir, 'x.log');
    writeFileSync(file, 'a');
    writeFileSync(`${file}.1`, 'b');
    rotateLogFile(file, 3);
    expect(existsSync(file)).toBe(false);
    expect(readFileSync(`${file}.1`, 'utf8')).toBe('a');
    expect(readFileSync(`${file}.2`, 'utf8')).toBe('b');
    writeFileSync(file, 'c');
    rotateLogFile(file, 0);
    expect(existsSync(file)).toBe(false);
  });
});
