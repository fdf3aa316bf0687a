/**
 * The problem-message catalogue: one example problem per rule id, produced by the code that really raises it
 * (the validator, or the ingest pipeline's verdicts), rendered in English and in Simplified Chinese. The English
 * rendering is the stored `message` itself; the Chinese one is Chinese and names the same column and values.
 */
import { Readable } from 'node:stream';
import {
  problemMessage,
  problemMessages,
  renderProblemMessage,
} from '../../../shared/i18n/problem-messages.js';
import { LANGUAGES } from '../../../shared/i18n/language.js';
import {
  ProblemSchema,
  validateUpload,
  VerdictSchema,
  type Problem,
  type ValidateUploadOptions,
  type Verdict,
} from '../../../shared/validation/index.js';
import type { ProblemRule } from '../../../shared/validation/problem-rules.js';
import { centerRejectionVerdict } from '../../../shared/ingest/center-rejection-verdict.js';
import { failedIngestVerdict, supersededVerdict } from '../../../shared/ingest/outcome-verdicts.js';
import { crossFieldRuleIds } from '../../../shared/dictionary/index.js';
import {
  completedRun,
  header,
  inProgressRun,
  toCsv,
  validRows,
  type RawRow,
} from '../validation/valid-row.js';

const validate = (input: string | Uint8Array, options: ValidateUploadOptions = {}) =>
  validateUpload(
    Readable.from([typeof input === 'string' ? Buffer.from(input, 'utf8') : input], { objectMode: true }),
    options,
  );

/** A file of one completed run changed by `overrides`. */
const row = (overrides: Partial<RawRow>) => validate(toCsv([completedRun(overrides)]));

const ingestContext = { key: 'uploads/C001/runs.csv', centerId: 'C001', bytes: 10 };

/** How to produce one problem of each rule; the record's type makes the compiler ask for every rule id. */
const examples: Record<ProblemRule, () => Promise<Verdict> | Verdict> = {
  type: () => row({ pre_ph: 'abc' }),
  range: () => row({ birth_year: '1890' }),
  'allowed-values': () => row({ sex: 'x' }),
  pattern: () => row({ run_id: 'R 1' }),
  required: () => row({ sex: '' }),
  'not-csv': () => validate(Buffer.from('%PDF-1.4\nxx')),
  'unknown-encoding': () => validate(Uint8Array.from([0xff, 0xfe, 0x41, 0x00])),
  'file-too-large': () => validate(toCsv(validRows(2)), { limits: { maxBytes: 100 } }),
  'too-many-rows': () => validate(toCsv(validRows(2)), { limits: { maxRows: 1 } }),
  'field-too-long': () => validate(toCsv(validRows(1)), { limits: { maxFieldLength: 5 } }),
  'malformed-csv': () => validate(`${header.join(',')}\nC001,R"1\n`),
  'unknown-center': () => validate(toCsv(validRows(1)), { centerId: 'C999' }),
  'inactive-center': () => validate(toCsv(validRows(1)), { centerId: 'C112' }),
  'empty-file': () => validate(''),
  'no-data-rows': () => validate(`${header.join(',')}\n`),
  'unknown-column': () => validate(toCsv(validRows(1), { header: [...header.slice(0, -1), 'notes'] })),
  'duplicate-column': () =>
    validate(toCsv(validRows(1), { header: header.map((h) => (h === 'pregnant' ? 'sex' : h)) })),
  'missing-required-columns': () =>
    validate(toCsv(validRows(1), { columns: header.filter((h) => h !== 'sex' && h !== 'iabp') })),
  'missing-analysis-column': () =>
    validate(toCsv(validRows(1), { columns: header.filter((h) => h !== 'pre_ph') })),
  'unknown-value-token': () => row({ pre_ph: 'n/a' }),
  'column-count': () => validate(`${toCsv(validRows(1))}C001,R9\n`),
  'duplicate-run-id': () => validate(toCsv([completedRun(), completedRun()])),
  'center-mismatch': () =>
    validate(toCsv([completedRun(), completedRun({ run_id: 'B', center_id: 'C002' })])),
  'unroutable-key': () => centerRejectionVerdict('unroutable-key', { ...ingestContext, key: 'runs.csv' }),
  superseded: async () =>
    supersededVerdict(await validate(toCsv(validRows(1))), { ...ingestContext, newerUploadId: 'u-2' }),
  'ingest-failed': () =>
    failedIngestVerdict(undefined, {
      ...ingestContext,
      uploadId: 'u-1',
      attempts: 3,
      reason: 'TimeoutError: read timed out',
    }),
  'age-or-birth-year': () => row({ age_years: '', birth_year: '' }),
  'age-matches-birth-year': () => row({ age_years: '40' }),
  'bmi-or-height-weight': () => row({ bmi: '', height_cm: '' }),
  'bmi-matches-height-weight': () => row({ bmi: '35' }),
  'pregnancy-requires-female': () => row({ pregnant: 'yes' }),
  'ecmo-end-after-start': () => row({ ecmo_end_at: '2023-07-02 10:00', ecmo_hours: '' }),
  'discharge-after-admission': () => row({ discharge_at: '2023-06-30 10:00' }),
  'ecmo-within-admission': () => row({ admission_at: '2023-07-03 08:00', hospital_days: '' }),
  'completed-run-has-ecmo-end': () => row({ ecmo_end_at: '' }),
  'completed-run-has-outcome': () => row({ died_in_hospital: '' }),
  'death-ends-admission': () =>
    validate(toCsv([inProgressRun({ died_in_hospital: 'yes', death_at: '2023-09-12 10:00' })])),
  'death-time-matches-flag': () => row({ died_in_hospital: 'yes', survived_ecmo: 'no' }),
  'death-time-is-discharge-time': () => row({ died_in_hospital: 'yes', death_at: '2023-07-10 10:00' }),
  'death-consistent-with-survival-on-ecmo': () => row({ survived_ecmo: 'no' }),
  'ecmo-hours-match-times': () => row({ ecmo_hours: '50' }),
  'hospital-days-match-times': () => row({ hospital_days: '30' }),
  'icu-days-within-stay': () => row({ icu_days: '40' }),
  'ventilation-within-stay': () => row({ ventilation_hours: '1000' }),
  'iabp-start-given': () => row({ iabp_start_at: '' }),
  'iabp-start-not-ecmo-start': () => row({ iabp_start_at: '2023-07-02 14:30' }),
  'iabp-start-before-discharge': () => row({ iabp_start_at: '2023-07-21 10:00' }),
  'blood-pressure-order': () => row({ pre_dbp_mmhg: '90' }),
  'map-between-dbp-and-sbp': () => row({ pre_map_mmhg: '80' }),
  'lactate-plausible': () => row({ pre_lactate_mmol_l: '35' }),
};

/** Parameters that select a wording or carry English text, so they are not echoed in every language. */
const NOT_ECHOED = new Set([
  'kind',
  'case',
  'effect',
  'expected',
  'via',
  'analyses',
  'description',
  'hint',
  'unit',
]);

const HAN = /[\u4e00-\u9fff]/;

async function exampleOf(rule: ProblemRule): Promise<Problem> {
  const verdict = VerdictSchema.parse(await examples[rule]());
  const problem = verdict.problems.find((p) => p.rule === rule);
  if (!problem)
    throw new Error(`the example for ${rule} raised ${verdict.problems.map((p) => p.rule).join(', ')}`);
  return problem;
}

describe('problem messages', () => {
  it('have a catalogue entry in every language for every rule, and an example for each', () => {
    const rules = Object.keys(examples).sort();
    for (const language of LANGUAGES) expect(Object.keys(problemMessages[language]).sort()).toEqual(rules);
    expect(rules).toEqual(expect.arrayContaining([...crossFieldRuleIds]));
    expect(crossFieldRuleIds).toHaveLength(24);
  });

  it.each(Object.keys(examples) as ProblemRule[])(
    '%s: English is the stored message; Chinese says the same',
    async (rule) => {
      const problem = await exampleOf(rule);
      expect(problem.params).toBeDefined();
      const en = problemMessage(problem, 'en');
      const zh = problemMessage(problem, 'zh-CN');
      expect(en).toBe(problem.message);
      expect(zh).not.toBe(en);
      expect(zh).toMatch(HAN);
      for (const text of [en, zh]) {
        expect(text).not.toMatch(/undefined|NaN|\[object|null/);
        expect(text).toMatch(/[.。]$/);
        if (problem.column !== null && rule !== 'unknown-column') expect(text).toContain(problem.column);
        for (const [key, value] of Object.entries(problem.params!)) {
          if (NOT_ECHOED.has(key)) continue;
          // Lists ("a, b" or '"a", "b"') may be relisted with the language's punctuation; each item stays.
          for (const item of String(value).split(', '))
            expect(text).toContain(item.replace(/^"(.*)"$/, '$1'));
        }
      }
    },
  );

  it('word a range without appending the unit to the value, and name the unit of a measured column', async () => {
    expect((await exampleOf('range')).message).toBe(
      'birth_year is 1890, outside the allowed range 1900 to 2100; check the value.',
    );
    const height = (await row({ height_cm: '17.2' })).problems[0]!;
    expect(height.message).toBe(
      'height_cm is 17.2, outside the allowed range 40 to 250 cm; check the value and that it is in cm.',
    );
    expect(problemMessage(height, 'zh-CN')).toBe(
      'height_cm 的值 17.2 超出允许范围 40 至 250 cm；请核对数值，并确认单位为 cm。',
    );
    const hours = (await row({ ecmo_hours: '-1' })).problems[0]!;
    expect(problemMessage(hours, 'zh-CN')).toContain('0 至 8760 小时');
  });

  it('say what a cell should have been, for each way it can fail to read', async () => {
    const cases: [Partial<RawRow>, RegExp, RegExp][] = [
      [{ pre_ph: 'abc' }, /is not a number/, /不是数字/],
      [{ pre_vasopressor_count: '2.5' }, /is not a whole number/, /不是整数/],
      [{ iabp: 'maybe' }, /is not yes or no/, /不是“是\/否”/],
      [{ ecmo_start_at: '02/07/2023 14:30' }, /is not a date-time/, /不是日期时间/],
      [{ ecmo_start_at: '2023-07-02T14:30Z' }, /has a time zone/, /带有时区/],
      [{ ecmo_start_at: '2023-02-30 14:30' }, /not a real date and time/, /不是真实存在的日期时间/],
    ];
    for (const [overrides, en, zh] of cases) {
      const problem = (await row(overrides)).problems.find((p) => p.rule === 'type')!;
      expect(problem.message).toMatch(en);
      expect(problemMessage(problem, 'zh-CN')).toMatch(zh);
    }
  });

  it('word the other variants of the file-level rules', async () => {
    const cell = (
      await validate(toCsv([completedRun({ run_id: 'R'.repeat(30) })]), { limits: { maxFieldLength: 20 } })
    ).problems[0]!;
    expect(cell).toMatchObject({ rule: 'field-too-long', row: 2, column: 'run_id' });
    expect(cell.message).toBe(
      'The value in column run_id on line 2 is 30 characters long, over the limit of 20. Shorten it; a quote that is never closed can also cause this.',
    );
    expect(problemMessage(cell, 'zh-CN')).toBe(
      '第 2 行 run_id 列的值长达 30 个字符，超过 20 个字符的上限。请缩短该值；引号未闭合也可能导致此问题。',
    );
    const large = (await validate(toCsv(validRows(1)), { limits: { maxBytes: 2 * 1024 * 1024 } })).problems;
    expect(large).toEqual([]);
    const tooLarge = renderProblemMessage('file-too-large', { maxBytes: 200 * 1024 * 1024 }, 'en');
    expect(tooLarge).toContain('the limit of 200 MB (209715200 bytes)');
    expect(renderProblemMessage('file-too-large', { maxBytes: 200 * 1024 * 1024 }, 'zh-CN')).toContain(
      '200 MB（209715200 字节）',
    );
    const tabs = (await validate('foo\tbar\n1\t2\n')).problems[0]!;
    expect(tabs.message).toContain('delimiter read as "tab"');
    expect(problemMessage(tabs, 'zh-CN')).toContain('识别到的分隔符为“制表符”');
  });

  it('keep the stored English message for a verdict written before parameters existed, or an unknown rule', () => {
    const old = ProblemSchema.parse({
      scope: 'cell',
      row: 2,
      column: 'sex',
      value: 'x',
      rule: 'allowed-values',
      severity: 'error',
      message: 'sex "x" is not one of the allowed values: male, female.',
    });
    expect(problemMessage(old, 'zh-CN')).toBe(old.message);
    expect(problemMessage({ ...old, rule: 'retired-rule', params: {} }, 'zh-CN')).toBe(old.message);
    expect(problemMessage({ ...old, params: { column: 'sex' } }, 'zh-CN')).toBe(old.message);
  });

  it('render the same text from parameters as the validator stores', () => {
    expect(renderProblemMessage('blood-pressure-order', { dbp: 90, sbp: 78 }, 'zh-CN')).toBe(
      'pre_dbp_mmhg 90 高于 pre_sbp_mmhg 78；这两列可能填反了。',
    );
  });
});
