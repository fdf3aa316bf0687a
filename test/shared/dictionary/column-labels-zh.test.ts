import {
  columnNames,
  columns,
  columnText,
  columnTextZh,
  crossFieldRuleDescriptionsZh,
  crossFieldRules,
  headerSpellings,
  matchHeader,
  normalizeHeader,
  valueLabel,
  valueLabelsZh,
} from '../../../shared/dictionary/index.js';
import { dictionaryUi } from '../../../shared/i18n/dictionary-ui.js';
import { LANGUAGES } from '../../../shared/i18n/language.js';

const HAN = /\p{Script=Han}/u;

/** Writes ASCII as its full-width form and spaces as ideographic spaces, as some Chinese input methods do. */
const fullWidth = (text: string): string =>
  text.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)).replace(/ /g, '\u3000');

describe('Chinese data dictionary', () => {
  it('has a Chinese label and description for every column, and for no other name', () => {
    expect(Object.keys(columnTextZh).sort()).toEqual([...columnNames].sort());
    for (const name of columnNames) {
      const text = columnTextZh[name];
      expect({ name, label: HAN.test(text.label) }).toEqual({ name, label: true });
      expect({ name, description: HAN.test(text.description) }).toEqual({ name, description: true });
      expect(text.label).toBe(text.label.trim());
    }
  });

  it('labels every code of every coded column in Chinese, including each code the English labels explain', () => {
    const coded = columns.filter((c) => c.kind === 'enum');
    expect(Object.keys(valueLabelsZh).sort()).toEqual(coded.map((c) => c.name).sort());
    for (const column of coded) {
      const labels: Readonly<Record<string, string>> =
        valueLabelsZh[column.name as keyof typeof valueLabelsZh];
      expect(Object.keys(labels).sort()).toEqual([...column.values!].sort());
      for (const code of column.values!) expect(`${code}: ${labels[code]}`).toMatch(HAN);
      for (const code of Object.keys(column.valueLabels ?? {})) {
        expect(valueLabel(column.name, code, 'zh-CN')).toMatch(HAN);
      }
    }
  });

  it('words every cross-field rule in Chinese', () => {
    expect(Object.keys(crossFieldRuleDescriptionsZh).sort()).toEqual(crossFieldRules.map((r) => r.id).sort());
    for (const rule of crossFieldRules) expect(crossFieldRuleDescriptionsZh[rule.id]).toMatch(HAN);
  });

  it('gives the dictionary interface text in every language, with the same keys', () => {
    const keysOf = (value: object): string[] =>
      Object.entries(value)
        .flatMap(([key, v]) =>
          v !== null && typeof v === 'object' && !Array.isArray(v)
            ? keysOf(v).map((k) => `${key}.${k}`)
            : [key],
        )
        .sort();
    const english = keysOf(dictionaryUi.en);
    for (const language of LANGUAGES) {
      expect(keysOf(dictionaryUi[language])).toEqual(english);
      const strings = [
        dictionaryUi[language].title,
        ...dictionaryUi[language].intro,
        ...dictionaryUi[language].templateNotes,
        ...dictionaryUi[language].cellFormats,
        ...Object.values(dictionaryUi[language].groups),
        ...Object.values(dictionaryUi[language].columnTable),
      ];
      for (const text of strings) expect(text.trim()).not.toBe('');
    }
    expect(dictionaryUi['zh-CN'].title).toMatch(HAN);
    expect(Object.values(dictionaryUi['zh-CN'].kinds).every((k) => HAN.test(k))).toBe(true);
    expect(dictionaryUi['zh-CN'].counts({ columns: 80, required: 12 })).toBe(
      '共 80 列，其中 12 列在每一行中必填。',
    );
  });

  it('reads each column in English as its machine name and in Chinese as its label, with the Chinese unit', () => {
    expect(columnText('ecmo_hours', 'en')).toEqual({
      label: 'ecmo_hours',
      description: 'ECMO duration',
      unit: 'hours',
    });
    expect(columnText('ecmo_hours', 'zh-CN')).toEqual({
      label: 'ECMO辅助时间',
      description: 'ECMO持续时间',
      unit: '小时',
    });
    expect(columnText('height_cm', 'zh-CN').unit).toBe('cm');
    expect(valueLabel('diagnosis', 'pcs', 'en')).toBe('post-cardiotomy shock');
    expect(valueLabel('sex', 'male', 'zh-CN')).toBe('男');
    expect(valueLabel('ecmo_mode', 'VA', 'zh-CN')).toBe('静脉-动脉体外膜肺氧合');
    expect(valueLabel('center_id', 'C001', 'zh-CN')).toBeUndefined();
  });
});

describe('header spellings', () => {
  it('no two columns share a spelling once normalised (name, alias, Chinese label, label with unit)', () => {
    const owner = new Map<string, string>();
    const clashes: string[] = [];
    for (const column of columns) {
      for (const spelling of headerSpellings(column)) {
        const key = normalizeHeader(spelling);
        expect(key).not.toBe('');
        const other = owner.get(key);
        if (other !== undefined && other !== column.name)
          clashes.push(`${spelling}: ${other} / ${column.name}`);
        owner.set(key, column.name);
      }
    }
    expect(clashes).toEqual([]);
  });

  it('matches every spelling of every column to that column', () => {
    for (const column of columns) {
      for (const spelling of headerSpellings(column))
        expect([spelling, matchHeader(spelling)]).toEqual([spelling, column.name]);
    }
  });

  it('matches Chinese labels written full-width, with surrounding spaces, or with the unit in brackets', () => {
    for (const column of columns) {
      const label = columnTextZh[column.name].label;
      expect([label, matchHeader(fullWidth(label))]).toEqual([label, column.name]);
      expect([label, matchHeader(`\u3000${label} \t`)]).toEqual([label, column.name]);
    }
    expect(matchHeader('ＥＣＭＯ开始时间')).toBe('ecmo_start_at');
    expect(matchHeader('体重指数（ＢＭＩ）')).toBe('bmi');
    expect(matchHeader('身高（cm）')).toBe('height_cm');
    expect(matchHeader('身高(厘米)')).toBeUndefined();
    expect(matchHeader('ECMO辅助时间（小时）')).toBe('ecmo_hours');
    expect(matchHeader('ECMO辅助时间(hours)')).toBe('ecmo_hours');
    expect(matchHeader('年龄（岁）')).toBe('age_years');
    expect(matchHeader('ECMO前乳酸 (mmol/L)')).toBe('pre_lactate_mmol_l');
    expect(matchHeader('动脉血pH < 7.2')).toBe('comp_ph_low');
    expect(matchHeader('动脉血pH > 7.6')).toBe('comp_ph_high');
    expect(matchHeader('备注')).toBeUndefined();
  });
});
