/**
 * The wording of every problem a verdict can report, in English and Simplified Chinese. Each rule's message is a
 * function of the parameters its problem stores (shared/validation/problem-rules.ts), so the catalogue is typed:
 * the compiler refuses a language without a message for every rule id. The English catalogue is also where the
 * validator's own `message` comes from, so the English text has one source.
 */
import type { AnalysisId, MissingColumnEffect } from '../dictionary/index.js';
import type { Problem } from '../validation/verdict-schema.js';
import type { ProblemParams, ProblemRule, TypeExpectation } from '../validation/problem-rules.js';
import type { Language } from './language.js';

/** One language's messages: a function from each rule's parameters to a sentence. */
export type ProblemCatalogue = { [R in ProblemRule]: (params: ProblemParams[R]) => string };

/** Names of the registry's analyses, as a missing-column warning lists them. */
export const analysisLabels: Readonly<Record<Language, Readonly<Record<AnalysisId, string>>>> = {
  en: {
    cohort: 'the study cohort',
    'exposure-groups': 'the IABP-after-ECMO and ECMO-only groups',
    'table-1': 'Table 1 (baseline)',
    'table-2': 'Table 2 (outcomes)',
    'adjusted-models': 'the adjusted odds ratios (Fig. 2)',
    'propensity-matching': 'propensity matching (Table 3)',
    survival: 'the 30-day Kaplan–Meier survival (Fig. 3)',
    subgroups: 'the subgroup analyses (Fig. 4)',
    'ph-subgroup': 'the pH subgroup (Fig. 4)',
    imputation: 'the multiple imputation of the blood gases (pH, PaCO2, PaO2)',
    'complication-rates': 'the complication rates per run and per 1,000 ECMO hours',
    'center-benchmark': 'the center benchmark (risk-adjusted O/E mortality)',
    trends: 'the quarterly trends',
  },
  'zh-CN': {
    cohort: '研究队列',
    'exposure-groups': 'ECMO 后 IABP 组与单纯 ECMO 组的分组',
    'table-1': '表 1（基线特征）',
    'table-2': '表 2（结局）',
    'adjusted-models': '校正比值比（图 2）',
    'propensity-matching': '倾向评分匹配（表 3）',
    survival: '30 天 Kaplan–Meier 生存分析（图 3）',
    subgroups: '亚组分析（图 4）',
    'ph-subgroup': 'pH 亚组（图 4）',
    imputation: '血气指标的多重插补（pH/PaCO2/PaO2）',
    'complication-rates': '每例及每 1000 ECMO 小时的并发症发生率',
    'center-benchmark': '中心基准比较（风险校正 O/E 死亡率）',
    trends: '季度趋势',
  },
};

/** Reads the `analyses` parameter back into ids, keeping only known ones. */
function analysesOf(joined: string): AnalysisId[] {
  const known = analysisLabels.en;
  return joined.split(',').filter((id): id is AnalysisId => id in known);
}

/** "a", "a and b", "a, b and c". */
function englishList(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

const plural = (count: number, one: string, many: string) => (count === 1 ? one : many);

const MB = 1024 * 1024;

const megabytes = (bytes: number) => Math.round((bytes / MB) * 10) / 10;

/** A byte limit as a person reads it: "200 MB (209715200 bytes)", or just the bytes below a megabyte. */
const englishSize = (bytes: number) =>
  bytes >= MB ? `${megabytes(bytes)} MB (${bytes} bytes)` : `${bytes} bytes`;

const chineseSize = (bytes: number) =>
  bytes >= MB ? `${megabytes(bytes)} MB（${bytes} 字节）` : `${bytes} 字节`;

/** Chinese list: "a、b和c". */
function chineseList(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join('、')}和${items.at(-1)}`;
}

/** Codes or tokens listed as "a, b" or '"a", "b"', relisted with Chinese punctuation. */
const chinesePunctuation = (list: string) =>
  list
    .replace(/"([^"]*)"/g, '“$1”')
    .split(', ')
    .join('、');

const enTypes: Record<TypeExpectation, (column: string, value: string) => string> = {
  number: (c, v) =>
    `${c} "${v}" is not a number; write digits only, with a decimal point if needed (e.g. 7.25).`,
  integer: (c, v) => `${c} "${v}" is not a whole number; write it without decimals (e.g. 2).`,
  'yes-no': (c, v) =>
    `${c} "${v}" is not yes or no; write yes or no (y/n, true/false and 1/0 are also accepted).`,
  'date-time': (c, v) =>
    `${c} "${v}" is not a date-time; write it as YYYY-MM-DD HH:MM (e.g. 2023-07-05 14:30) or 2023/7/5 14:30.`,
  'date-time-without-zone': (c, v) =>
    `${c} "${v}" has a time zone; give the hospital's local time without a zone, e.g. 2023-07-05 14:30.`,
  'calendar-date': (c, v) =>
    `${c} "${v}" is not a real date and time (check the day of the month and the hour); write it as YYYY-MM-DD HH:MM.`,
};

const enEffects: Record<MissingColumnEffect, string> = {
  'exclude-runs': 'without it every run in this file is left out of them',
  impute: "without it this file's values are all imputed",
  omit: "without it they have none of this file's values for it",
  reject: 'without it the file cannot be accepted',
  ignore: 'no run is lost without it',
};

const enNotCsvKinds = {
  zip: 'an Excel workbook or other zip archive',
  xls: 'an old Excel workbook (.xls)',
  pdf: 'a PDF document',
} as const;

const en: ProblemCatalogue = {
  // cell rules
  type: (p) => enTypes[p.expected](p.column, p.value),
  range: (p) =>
    `${p.column} is ${p.value}, outside the allowed range ${p.min} to ${p.max}${p.unit ? ` ${p.unit}` : ''}; check the value${p.unit ? ` and that it is in ${p.unit}` : ''}.`,
  'allowed-values': (p) =>
    `${p.column} "${p.value}" is not one of the allowed values; use one of: ${p.allowed}.`,
  pattern: (p) => `${p.column} "${p.value}" is not in the right form; use ${p.hint}.`,
  required: (p) => `${p.column} is blank but required; fill it in (${p.description}).`,

  // the file, its header and whole rows
  'not-csv': (p) => {
    if (p.kind === 'binary')
      return 'The file is not a CSV text file: it contains binary data. Export the registry table from your system as CSV.';
    if (p.kind === 'no-header')
      return `The first line is not a registry header: no column matches the data dictionary (delimiter read as "${p.delimiter}"). Start the file with the column names of the CSV template.`;
    return `The file is not a CSV file but ${enNotCsvKinds[p.kind]}. Save the table as CSV (comma delimited) and upload that.`;
  },
  'unknown-encoding': (p) => {
    switch (p.kind) {
      case 'utf-16':
        return 'The file is UTF-16 (Excel "Unicode text"); save it from Excel as "CSV UTF-8 (comma delimited)" instead.';
      case 'neither':
        return `The file is neither UTF-8 nor GB18030 text (unreadable bytes before byte ${p.byte}). Save it from Excel as "CSV UTF-8 (comma delimited)".`;
      case 'mixed':
        return `The file mixes UTF-8 with another encoding (invalid UTF-8 before byte ${p.byte}). Re-export the whole file as "CSV UTF-8 (comma delimited)".`;
      case 'cut-character':
        return 'The file ends in the middle of a UTF-8 character (it may be cut short); export it again as "CSV UTF-8 (comma delimited)".';
    }
  },
  'file-too-large': (p) =>
    `The file is larger than the limit of ${englishSize(p.maxBytes)}. Split the export (for example by year) and upload the parts.`,
  'too-many-rows': (p) =>
    `The file has more than ${p.maxRows} data rows, the limit (reached on line ${p.line}). Split it into smaller uploads, for example by year.`,
  'field-too-long': (p) =>
    p.kind === 'cell'
      ? `The value in column ${p.column} on line ${p.line} is ${p.length} characters long, over the limit of ${p.max}. Shorten it; a quote that is never closed can also cause this.`
      : `The record starting on line ${p.line} is too long to be a registry row; a quote that is never closed usually causes this. Check the quotes on that line.`,
  'malformed-csv': (p) => {
    const where = `The file is not valid CSV in the record starting on line ${p.line}`;
    if (p.kind === 'quote-not-closed')
      return `${where}: a quoted value is never closed. Add the closing double quote.`;
    const fix = 'Enclose the value in double quotes and write each double quote inside it twice ("").';
    return p.kind === 'invalid-opening-quote'
      ? `${where}: a double quote appears inside a value that is not enclosed in quotes. ${fix}`
      : `${where}: a closing quote is followed by "${p.character}" instead of a delimiter or line break. ${fix}`;
  },
  'unknown-center': (p) =>
    p.via === 'upload'
      ? `Center "${p.center}" is not a registry center; check the center id you upload as (for example C001).`
      : `Center ${p.center} is not a registry center; check the folder name, or ask the registry to onboard the center.`,
  'inactive-center': (p) =>
    `Center ${p.center} is not active in the registry, so its uploads are not accepted; contact the registry office.`,
  'empty-file': (p) =>
    p.kind === 'no-bytes'
      ? 'The file is empty. Export the registry table again and upload the CSV file.'
      : 'The file has no header line, only blank lines. Export the registry table again with its header.',
  'no-data-rows': () => 'The file has a header but no data rows. Upload an export that contains runs.',
  'unknown-column': (p) =>
    p.kind === 'unnamed'
      ? `Column ${p.position} has no header, so its values are ignored. Remove the column or give it a name from the CSV template.`
      : `Column "${p.header}" is not in the data dictionary, so its values are ignored. If it is a registry column, rename it as in the CSV template; otherwise leave it or remove it.`,
  'duplicate-column': (p) =>
    `Columns ${p.first} ("${p.firstHeader}") and ${p.second} ("${p.secondHeader}") are both ${p.column}; keep only one of them.`,
  'missing-required-columns': (p) =>
    `The file has no column for ${p.columns} (required). Add ${p.columns.includes(',') ? 'them' : 'it'}, using the names of the CSV template.`,
  'missing-analysis-column': (p) =>
    `The file has no ${p.column} column, which ${englishList(analysesOf(p.analyses).map((a) => analysisLabels.en[a]))} need; ${enEffects[p.effect]}. Add a ${p.column} column, named as in the CSV template, and fill it in.`,
  'unknown-value-token': (p) =>
    `${p.column} has ${p.count} ${plural(p.count, 'cell', 'cells')} written as ${p.tokens} (first on line ${p.line}); ${plural(p.count, 'it is', 'they are')} read as blank (not recorded). Leave such cells empty or write NA, as the data dictionary says.`,
  'column-count': (p) =>
    `The row has ${p.found} values but the header has ${p.expected} columns; a value may contain the delimiter without quotes, or cells are missing. Enclose such values in double quotes.`,
  'duplicate-run-id': (p) =>
    `run_id "${p.runId}" is on rows ${p.first} and ${p.line}; a run appears once per file. Remove the repeat or give each run its own id.`,
  'center-mismatch': (p) =>
    p.kind === 'row'
      ? `center_id is ${p.center} but the file belongs to center ${p.expected}; a file holds one center's runs only. Correct the id or upload that run from its own center.`
      : `${p.count} row(s) carry a center_id other than ${p.expected}, the center of the upload folder; a center uploads only its own runs. Correct center_id or upload to the right folder.`,

  // what the ingest pipeline adds after validation
  'unroutable-key': (p) =>
    `The file ${p.key} is not under uploads/{centerId}/; upload it to your center's folder, e.g. uploads/C001/runs.csv.`,
  superseded: (p) =>
    `Not applied: a newer upload of this center was already applied (upload ${p.newerUploadId}), so ${p.key} would have replaced newer data with older; center ${p.center}'s data did not change. If this file is the one that should be current, upload it again.`,
  'ingest-failed': (p) =>
    `The upload ${p.key} could not be processed: ${p.attempts} attempts failed (${p.reason}). The registry team has been alerted (the ingest dead-letter queue alarm) and will retry it once the cause is fixed; the file is kept as uploaded and nothing in your data changed. You can upload the same file again later; if this persists, contact the registry office with upload id ${p.uploadId}.`,

  // cross-field rules
  'age-or-birth-year': () =>
    'age_years and birth_year are both blank; give age_years (age at ECMO start) or birth_year.',
  'age-matches-birth-year': (p) =>
    `age_years ${p.age} does not match birth_year ${p.birthYear} (about ${p.implied} at ECMO start); correct one of them.`,
  'bmi-or-height-weight': () =>
    'bmi is blank and so is height_cm or weight_kg; give bmi, or both height_cm and weight_kg, or the run is left out of the adjusted analyses.',
  'bmi-matches-height-weight': (p) =>
    `bmi ${p.bmi} does not match height_cm ${p.height} and weight_kg ${p.weight} (which give ${p.derived}); check the units (cm, kg) or leave bmi blank.`,
  'pregnancy-requires-female': () => 'pregnant is yes but sex is male; correct sex or pregnant.',
  'ecmo-end-after-start': (p) => `ecmo_end_at ${p.end} is before ecmo_start_at ${p.start}; check both times.`,
  'discharge-after-admission': (p) =>
    `discharge_at ${p.discharge} is before admission_at ${p.admission}; check both times.`,
  'ecmo-within-admission': (p) => {
    switch (p.case) {
      case 'start-before-admission':
        return `ecmo_start_at ${p.start} is before admission_at ${p.admission}; ECMO starts during the admission, so check both times.`;
      case 'start-after-discharge':
        return `ecmo_start_at ${p.start} is after discharge_at ${p.discharge}; check both times.`;
      case 'end-after-discharge':
        return `ecmo_end_at ${p.end} is after discharge_at ${p.discharge} (discharge or death); check both times.`;
    }
  },
  'completed-run-has-ecmo-end': () =>
    'discharge_at is given (the patient has left hospital) but ecmo_end_at is blank; give the ECMO end.',
  'completed-run-has-outcome': () =>
    'discharge_at is given (the patient has left hospital) but died_in_hospital is blank; write yes or no.',
  'death-ends-admission': () =>
    'died_in_hospital is yes but discharge_at is blank; a death ends the admission, so give the time of death in discharge_at.',
  'death-time-matches-flag': (p) =>
    p.case === 'death-time-missing'
      ? 'died_in_hospital is yes but death_at is blank; give the time of death.'
      : 'death_at is given but died_in_hospital is not yes; correct one of them.',
  'death-time-is-discharge-time': (p) =>
    `death_at ${p.death} and discharge_at ${p.discharge} differ by more than a day; for a death in hospital both are the time of death.`,
  'death-consistent-with-survival-on-ecmo': (p) => {
    switch (p.case) {
      case 'left-alive':
        return 'survived_ecmo is no (died on ECMO or within 48 h of weaning) but died_in_hospital is no (the patient left hospital alive); correct one of them.';
      case 'died-within-48h':
        return `survived_ecmo is yes but death_at is ${p.hours} h after ecmo_end_at; survival on ECMO needs 48 h alive after weaning, so write no or check the times.`;
      case 'died-after-48h':
        return `survived_ecmo is no but death_at is ${p.hours} h after ecmo_end_at; a patient alive 48 h after weaning survived ECMO, so write yes or check the times.`;
    }
  },
  'ecmo-hours-match-times': (p) =>
    `ecmo_hours is ${p.hours} but ecmo_start_at to ecmo_end_at is ${p.computed} h; correct the duration or the times.`,
  'hospital-days-match-times': (p) =>
    `hospital_days is ${p.days} but admission_at to discharge_at is ${p.computed} days; correct the duration or the times.`,
  'icu-days-within-stay': (p) =>
    `icu_days ${p.icu} is longer than hospital_days ${p.hospital}; correct one of them.`,
  'ventilation-within-stay': (p) =>
    `ventilation_hours ${p.ventilation} is longer than the hospital stay (hospital_days ${p.hospital}); check that it is in hours.`,
  'iabp-start-given': (p) =>
    p.case === 'start-missing'
      ? 'iabp is yes but iabp_start_at is blank; give the IABP start so "before" or "after" ECMO can be derived.'
      : 'iabp_start_at is given but iabp is no; set iabp to yes or clear iabp_start_at.',
  'iabp-start-not-ecmo-start': (p) =>
    `iabp_start_at equals ecmo_start_at (${p.start}), so it is unknown which came first; record the actual minute of each.`,
  'iabp-start-before-discharge': (p) =>
    `iabp_start_at ${p.iabp} is after discharge_at ${p.discharge} (discharge or death); check both times.`,
  'blood-pressure-order': (p) =>
    `pre_dbp_mmhg ${p.dbp} is above pre_sbp_mmhg ${p.sbp}; the two columns may be swapped.`,
  'map-between-dbp-and-sbp': (p) =>
    `pre_map_mmhg ${p.map} is outside pre_dbp_mmhg to pre_sbp_mmhg (${p.dbp}–${p.sbp}); check the three values.`,
  'lactate-plausible': (p) =>
    `${p.column} ${p.lactate} mmol/L is very high; check it is in mmol/L, not mg/dL (divide mg/dL by 9.01).`,
};

const zhTypes: Record<TypeExpectation, (column: string, value: string) => string> = {
  number: (c, v) => `${c} 的值“${v}”不是数字；请只填写数字，需要时使用小数点（如 7.25）。`,
  integer: (c, v) => `${c} 的值“${v}”不是整数；请填写不带小数的整数（如 2）。`,
  'yes-no': (c, v) => `${c} 的值“${v}”不是“是/否”；请填写 yes 或 no（也接受 是/否、y/n、true/false、1/0）。`,
  'date-time': (c, v) =>
    `${c} 的值“${v}”不是日期时间；请按 YYYY-MM-DD HH:MM 填写（如 2023-07-05 14:30），或写作 2023/7/5 14:30。`,
  'date-time-without-zone': (c, v) =>
    `${c} 的值“${v}”带有时区；请填写医院当地时间，不带时区，如 2023-07-05 14:30。`,
  'calendar-date': (c, v) =>
    `${c} 的值“${v}”不是真实存在的日期时间（请检查日期和小时）；请按 YYYY-MM-DD HH:MM 填写。`,
};

/** Units as a Chinese reader writes them; units not listed (cm, kg, mmHg, mmol/L) read the same. */
const zhUnits: Readonly<Record<string, string>> = {
  years: '岁',
  hours: '小时',
  days: '天',
  types: '种',
};

const zhUnit = (unit: string) => zhUnits[unit] ?? unit;

const zhEffects: Record<MissingColumnEffect, string> = {
  'exclude-runs': '缺少该列时，本文件的所有病例都将被排除在上述分析之外',
  impute: '缺少该列时，本文件所有病例的该项数据只能全部依靠插补',
  omit: '缺少该列时，上述分析将没有本文件的该项数据',
  reject: '缺少该列时文件无法被接受',
  ignore: '缺少该列不会使任何分析丢失病例',
};

const zhNotCsvKinds = {
  zip: 'Excel 工作簿或其他 zip 压缩文件',
  xls: '旧版 Excel 工作簿（.xls）',
  pdf: 'PDF 文档',
} as const;

/** Format hints of the pattern-checked columns; another column falls back to the dictionary's English hint. */
const zhPatternHints: Readonly<Record<string, string>> = {
  center_id: '形如 C001 的中心编号（以大写字母开头，共 2–16 位大写字母或数字）',
  run_id: '1–40 位字母、数字、“_”、“-”或“.”，且以字母或数字开头',
};

const zhFix = '请用双引号括起该值，并将值内的每个双引号写成两个（""）。';

const zh: ProblemCatalogue = {
  // cell rules
  type: (p) => zhTypes[p.expected](p.column, p.value),
  range: (p) =>
    `${p.column} 的值 ${p.value} 超出允许范围 ${p.min} 至 ${p.max}${p.unit ? ` ${zhUnit(p.unit)}` : ''}；请核对数值${p.unit ? `，并确认单位为 ${zhUnit(p.unit)}` : ''}。`,
  'allowed-values': (p) =>
    `${p.column} 的值“${p.value}”不是允许的取值；请修改为以下之一：${chinesePunctuation(p.allowed)}。`,
  pattern: (p) =>
    `${p.column} 的值“${p.value}”格式不正确。正确格式：${zhPatternHints[p.column] ?? p.hint}。请修改。`,
  required: (p) => `${p.column} 为必填项，但此处为空；请填写。`,

  // the file, its header and whole rows
  'not-csv': (p) => {
    if (p.kind === 'binary')
      return '该文件不是 CSV 文本文件，其中含有二进制数据。请从贵院系统将登记表导出为 CSV 文件。';
    if (p.kind === 'no-header')
      return `第一行不是登记表的表头：没有任何列名与数据字典匹配（识别到的分隔符为“${p.delimiter === 'tab' ? '制表符' : p.delimiter}”）。请以 CSV 模板中的列名作为文件的第一行。`;
    return `该文件不是 CSV 文件，实际上是：${zhNotCsvKinds[p.kind]}。请将表格另存为“CSV（逗号分隔）”后再上传。`;
  },
  'unknown-encoding': (p) => {
    switch (p.kind) {
      case 'utf-16':
        return '该文件为 UTF-16 编码（Excel 的“Unicode 文本”）；请在 Excel 中另存为“CSV UTF-8（逗号分隔）”。';
      case 'neither':
        return `该文件既不是 UTF-8 也不是 GB18030 编码（第 ${p.byte} 字节之前有无法识别的字节）。请在 Excel 中另存为“CSV UTF-8（逗号分隔）”。`;
      case 'mixed':
        return `该文件混用了 UTF-8 和其他编码（第 ${p.byte} 字节之前有无效的 UTF-8 字节）。请将整个文件重新导出为“CSV UTF-8（逗号分隔）”。`;
      case 'cut-character':
        return '文件在一个 UTF-8 字符的中间结束（文件可能不完整）；请重新导出为“CSV UTF-8（逗号分隔）”。';
    }
  },
  'file-too-large': (p) => `文件超过 ${chineseSize(p.maxBytes)} 的上限。请拆分导出（例如按年份）后分别上传。`,
  'too-many-rows': (p) =>
    `文件的数据行数超过上限 ${p.maxRows} 行（在第 ${p.line} 行达到上限）。请拆分为多个较小的文件上传，例如按年份。`,
  'field-too-long': (p) =>
    p.kind === 'cell'
      ? `第 ${p.line} 行 ${p.column} 列的值长达 ${p.length} 个字符，超过 ${p.max} 个字符的上限。请缩短该值；引号未闭合也可能导致此问题。`
      : `从第 ${p.line} 行开始的记录过长，不可能是一行登记数据；通常是某个引号没有闭合。请检查该行的引号。`,
  'malformed-csv': (p) => {
    const where = `从第 ${p.line} 行开始的记录不是有效的 CSV`;
    if (p.kind === 'quote-not-closed') return `${where}：某个带引号的值没有闭合。请补上结尾的双引号。`;
    return p.kind === 'invalid-opening-quote'
      ? `${where}：未加引号的值中出现了双引号。${zhFix}`
      : `${where}：结尾引号后面是“${p.character}”，而不是分隔符或换行。${zhFix}`;
  },
  'unknown-center': (p) =>
    p.via === 'upload'
      ? `“${p.center}”不是登记系统中的中心；请检查上传时使用的中心编号（如 C001）。`
      : `${p.center} 不是登记系统中的中心；请检查上传文件夹的名称，或联系登记办公室为该中心开通。`,
  'inactive-center': (p) => `中心 ${p.center} 在登记系统中未启用，因此不接受其上传；请联系登记办公室。`,
  'empty-file': (p) =>
    p.kind === 'no-bytes'
      ? '文件为空。请重新导出登记表，并上传 CSV 文件。'
      : '文件只有空行，没有表头。请重新导出带表头的登记表。',
  'no-data-rows': () => '文件只有表头，没有数据行。请上传包含病例数据的导出文件。',
  'unknown-column': (p) =>
    p.kind === 'unnamed'
      ? `第 ${p.position} 列没有列名，该列的值将被忽略。请删除该列，或按 CSV 模板为其命名。`
      : `列“${p.header}”不在数据字典中，该列的值将被忽略。如果它是登记表中的列，请按 CSV 模板改名；否则可保留或删除。`,
  'duplicate-column': (p) =>
    `第 ${p.first} 列（“${p.firstHeader}”）和第 ${p.second} 列（“${p.secondHeader}”）都对应 ${p.column}；请只保留其中一列。`,
  'missing-required-columns': (p) =>
    `文件缺少必填列：${chinesePunctuation(p.columns)}。请按 CSV 模板中的列名添加${p.columns.includes(',') ? '这些列' : '该列'}。`,
  'missing-analysis-column': (p) =>
    `文件缺少 ${p.column} 列，而${chineseList(analysesOf(p.analyses).map((a) => analysisLabels['zh-CN'][a]))}需要该列；${zhEffects[p.effect]}。请按 CSV 模板中的列名添加 ${p.column} 列并填写数据。`,
  'unknown-value-token': (p) =>
    `${p.column} 列有 ${p.count} 个单元格写作 ${chinesePunctuation(p.tokens)}（首次出现在第 ${p.line} 行），已按空白（未记录）处理。请按数据字典的规定，将这类单元格留空或填写 NA。`,
  'column-count': (p) =>
    `该行有 ${p.found} 个值，而表头有 ${p.expected} 列；可能某个值含有分隔符但没有加引号，或缺少单元格。请用双引号括起含分隔符的值。`,
  'duplicate-run-id': (p) =>
    `run_id“${p.runId}”同时出现在第 ${p.first} 行和第 ${p.line} 行；每个病例在一个文件中只能出现一次。请删除重复的行，或为每个病例设置各自的编号。`,
  'center-mismatch': (p) =>
    p.kind === 'row'
      ? `center_id 为 ${p.center}，但该文件属于中心 ${p.expected}；一个文件只能包含一个中心的病例。请更正编号，或由该病例所属的中心上传。`
      : `有 ${p.count} 行的 center_id 不是上传文件夹所属的中心 ${p.expected}；每个中心只能上传本中心的病例。请更正 center_id，或上传到正确的文件夹。`,

  // what the ingest pipeline adds after validation
  'unroutable-key': (p) =>
    `文件 ${p.key} 不在 uploads/{centerId}/ 目录下；请上传到本中心的文件夹，例如 uploads/C001/runs.csv。`,
  superseded: (p) =>
    `未应用：本中心更新的一次上传（上传编号 ${p.newerUploadId}）已经应用，若应用 ${p.key} 会用旧数据覆盖新数据；中心 ${p.center} 的数据没有变化。如果这个文件才是应当生效的版本，请重新上传。`,
  'ingest-failed': (p) =>
    `上传的文件 ${p.key} 未能处理：${p.attempts} 次尝试均失败（${p.reason}）。登记团队已收到告警（ingest 死信队列告警），将在原因排除后重试；文件按原样保存，您的数据没有任何变化。您可以稍后重新上传同一文件；如果问题持续，请联系登记办公室并提供上传编号 ${p.uploadId}。`,

  // cross-field rules
  'age-or-birth-year': () =>
    'age_years 和 birth_year 均为空；请填写 age_years（ECMO 开始时的年龄）或 birth_year。',
  'age-matches-birth-year': (p) =>
    `age_years ${p.age} 与 birth_year ${p.birthYear} 不符（按出生年份，ECMO 开始时约为 ${p.implied} 岁）；请更正其中之一。`,
  'bmi-or-height-weight': () =>
    'bmi 为空，且 height_cm 或 weight_kg 也为空；请填写 bmi，或同时填写 height_cm 和 weight_kg，否则该病例将被排除在校正分析之外。',
  'bmi-matches-height-weight': (p) =>
    `bmi ${p.bmi} 与 height_cm ${p.height}、weight_kg ${p.weight} 不符（据此计算应为 ${p.derived}）；请检查单位（cm、kg），或将 bmi 留空。`,
  'pregnancy-requires-female': () => 'pregnant 为“是”，但 sex 为男性；请更正 sex 或 pregnant。',
  'ecmo-end-after-start': (p) => `ecmo_end_at ${p.end} 早于 ecmo_start_at ${p.start}；请核对这两个时间。`,
  'discharge-after-admission': (p) =>
    `discharge_at ${p.discharge} 早于 admission_at ${p.admission}；请核对这两个时间。`,
  'ecmo-within-admission': (p) => {
    switch (p.case) {
      case 'start-before-admission':
        return `ecmo_start_at ${p.start} 早于 admission_at ${p.admission}；ECMO 应在住院期间开始，请核对这两个时间。`;
      case 'start-after-discharge':
        return `ecmo_start_at ${p.start} 晚于 discharge_at ${p.discharge}；请核对这两个时间。`;
      case 'end-after-discharge':
        return `ecmo_end_at ${p.end} 晚于 discharge_at ${p.discharge}（出院或死亡时间）；请核对这两个时间。`;
    }
  },
  'completed-run-has-ecmo-end': () =>
    '已填写 discharge_at（患者已离院），但 ecmo_end_at 为空；请填写 ECMO 结束时间。',
  'completed-run-has-outcome': () =>
    '已填写 discharge_at（患者已离院），但 died_in_hospital 为空；请填写 yes 或 no。',
  'death-ends-admission': () =>
    'died_in_hospital 为“是”，但 discharge_at 为空；院内死亡即住院结束，请在 discharge_at 中填写死亡时间。',
  'death-time-matches-flag': (p) =>
    p.case === 'death-time-missing'
      ? 'died_in_hospital 为“是”，但 death_at 为空；请填写死亡时间。'
      : '已填写 death_at，但 died_in_hospital 不是“是”；请更正其中之一。',
  'death-time-is-discharge-time': (p) =>
    `death_at ${p.death} 与 discharge_at ${p.discharge} 相差超过一天；院内死亡时，两者都应填写死亡时间。`,
  'death-consistent-with-survival-on-ecmo': (p) => {
    switch (p.case) {
      case 'left-alive':
        return 'survived_ecmo 为“否”（在 ECMO 期间或撤机后 48 小时内死亡），但 died_in_hospital 为“否”（患者存活出院）；请更正其中之一。';
      case 'died-within-48h':
        return `survived_ecmo 为“是”，但死亡时间（death_at）在 ecmo_end_at 之后仅 ${p.hours} 小时；ECMO 存活要求撤机后存活满 48 小时，请改为 no 或核对时间。`;
      case 'died-after-48h':
        return `survived_ecmo 为“否”，但死亡时间（death_at）在 ecmo_end_at 之后 ${p.hours} 小时；撤机后存活满 48 小时即为 ECMO 存活，请改为 yes 或核对时间。`;
    }
  },
  'ecmo-hours-match-times': (p) =>
    `ecmo_hours 为 ${p.hours}，但 ecmo_start_at 至 ecmo_end_at 为 ${p.computed} 小时；请更正时长或时间。`,
  'hospital-days-match-times': (p) =>
    `hospital_days 为 ${p.days}，但 admission_at 至 discharge_at 为 ${p.computed} 天；请更正住院天数或时间。`,
  'icu-days-within-stay': (p) => `icu_days ${p.icu} 超过 hospital_days ${p.hospital}；请更正其中之一。`,
  'ventilation-within-stay': (p) =>
    `ventilation_hours ${p.ventilation} 超过住院时长（hospital_days ${p.hospital} 天）；请确认单位为小时。`,
  'iabp-start-given': (p) =>
    p.case === 'start-missing'
      ? 'iabp 为“是”，但 iabp_start_at 为空；请填写 IABP 开始时间，以便判断 IABP 在 ECMO 之前还是之后。'
      : '已填写 iabp_start_at，但 iabp 为“否”；请将 iabp 改为 yes，或清空 iabp_start_at。',
  'iabp-start-not-ecmo-start': (p) =>
    `iabp_start_at 与 ecmo_start_at 相同（${p.start}），无法判断两者的先后；请分别记录实际开始的分钟。`,
  'iabp-start-before-discharge': (p) =>
    `iabp_start_at ${p.iabp} 晚于 discharge_at ${p.discharge}（出院或死亡时间）；请核对这两个时间。`,
  'blood-pressure-order': (p) => `pre_dbp_mmhg ${p.dbp} 高于 pre_sbp_mmhg ${p.sbp}；这两列可能填反了。`,
  'map-between-dbp-and-sbp': (p) =>
    `pre_map_mmhg ${p.map} 不在 pre_dbp_mmhg 与 pre_sbp_mmhg 之间（${p.dbp}–${p.sbp}）；请核对这三个值。`,
  'lactate-plausible': (p) =>
    `${p.column} ${p.lactate} mmol/L 过高；请确认单位是 mmol/L 而不是 mg/dL（mg/dL 除以 9.01 即为 mmol/L）。`,
};

/** Both languages' catalogues; the English one is the validator's wording. */
export const problemMessages: Readonly<Record<Language, ProblemCatalogue>> = { en, 'zh-CN': zh };

/** Renders one rule's message from its parameters in a language (the validator uses it for English). */
export function renderProblemMessage<R extends ProblemRule>(
  rule: R,
  params: ProblemParams[R],
  language: Language,
): string {
  const render = problemMessages[language][rule] as (p: ProblemParams[R]) => string;
  return render(params);
}

/** Whether a rule id has a message in the catalogues (verdicts written by older versions may carry others). */
export function isProblemRule(rule: string): rule is ProblemRule {
  return Object.hasOwn(en, rule);
}

/**
 * A verdict problem's message in `language`, rendered from its stored parameters. A problem without parameters
 * (written before they were stored) or with a rule this version does not know keeps its stored English message.
 * @example problemMessage(verdict.problems[0], 'zh-CN') // 'birth_year 的值 1890 超出允许范围 1900 至 2100；请核对数值。'
 */
export function problemMessage(problem: Problem, language: Language): string {
  if (problem.params === undefined || !isProblemRule(problem.rule)) return problem.message;
  // Parameters of another shape (a hand-edited or foreign verdict) would render holes: the stored message is right.
  try {
    const text = renderProblemMessage(problem.rule, problem.params as ProblemParams[ProblemRule], language);
    return /\bundefined\b|\bNaN\b/.test(text) ? problem.message : text;
  } catch {
    return problem.message;
  }
}
