/**
 * The words of the generated data dictionary (docs/data-dictionary.md and docs/data-dictionary.zh-CN.md) around
 * the column entries: headings, table headers, type names and the notes on formats and the CSV template. One
 * catalogue per language, typed so that the compiler rejects a language that lacks a key. The column labels and
 * descriptions themselves live with the dictionary (shared/dictionary/column-labels-zh.ts).
 */
import type { ColumnGroup, ColumnKind } from '../dictionary/column-meta.js';
import type { Severity } from '../dictionary/cross-field-rules.js';
import type { MissingColumnEffect } from '../dictionary/analysis-columns.js';
import type { Language } from './language.js';

/** Every piece of text the rendered dictionary needs, in one language. */
export interface DictionaryUi {
  title: string;
  /** The HTML comment saying the file is generated. */
  generatedNote: string;
  /** A line linking the dictionary in the other language. */
  otherLanguage: string;
  /** The opening paragraph: file format, header matching, blanks. */
  intro: readonly string[];
  counts: (params: { columns: number; required: number }) => string;
  templateHeading: string;
  /** Notes on docs/template.csv: its header uses the machine names; Chinese headers are accepted too. */
  templateNotes: readonly string[];
  groups: Readonly<Record<ColumnGroup, string>>;
  kinds: Readonly<Record<ColumnKind, string>>;
  /** Header cells of each column table. */
  columnTable: {
    name: string;
    chineseHeader: string;
    type: string;
    unit: string;
    allowed: string;
    required: string;
    description: string;
    alsoAccepted: string;
  };
  yes: string;
  no: string;
  /** The allowed values of a yes/no column. */
  booleanValues: string;
  /** The accepted form of a date-time cell. */
  dateTimeForm: string;
  crossFieldHeading: string;
  crossFieldIntro: string;
  crossFieldTable: { rule: string; severity: string; checks: string };
  severities: Readonly<Record<Severity, string>>;
  cellFormatsHeading: string;
  cellFormats: readonly string[];
  /** The sentence on cells read as blank with a warning; `tokens` lists them as code. */
  unknownTokens: (tokens: string) => string;
  analysesHeading: string;
  analysesIntro: readonly string[];
  analysesTable: { column: string; neededBy: string; ifMissing: string };
  /** What a file without the column means for the analyses. */
  missingEffects: Readonly<Record<MissingColumnEffect, string>>;
  /** The note on columns that other columns can stand in for; `columns` is already joined. */
  standIns: (columns: string) => string;
  and: string;
  or: string;
  listSeparator: string;
}

const en: DictionaryUi = {
  title: 'ECLS Registry data dictionary',
  generatedNote:
    '<!-- Generated from shared/dictionary/run-row-schema.ts by `npm run docs`. Do not edit by hand. -->',
  otherLanguage: '中文版：[data-dictionary.zh-CN.md](data-dictionary.zh-CN.md)',
  intro: [
    'One row is one VA-ECMO run of one patient. A file is UTF-8 (with or without BOM) or GB18030, delimited by',
    'commas, semicolons or tabs, with a header row. Header names are matched ignoring case, spaces, dashes,',
    'underscores and full-width forms. The Chinese headers and the aliases listed below are accepted too, and a',
    'Chinese header may carry its unit in brackets (`身高(cm)`, `ECMO辅助时间（小时）`).',
    'Blank cells (or `NA`) mean "not recorded".',
  ],
  counts: ({ columns, required }) => `${columns} columns; ${required} are required in every row.`,
  templateHeading: 'CSV template',
  templateNotes: [
    '[template.csv](template.csv) has the header row in dictionary order and one example run. Its header uses the',
    'machine names (the first column of the tables below), which every center can use whatever its language. A',
    'header row with the Chinese headers instead, as a Chinese hospital system exports it, is read exactly the same',
    'way.',
  ],
  groups: {
    identity: 'Identity',
    demographics: 'Demographics',
    timing: 'Timing',
    ecmo: 'ECMO',
    history: 'History',
    'pre-ECMO state': 'Pre-ECMO state',
    'during ECMO': 'During ECMO',
    outcomes: 'Outcomes',
    complications: 'Complications',
  },
  kinds: {
    string: 'text',
    integer: 'integer',
    number: 'number',
    boolean: 'yes/no',
    enum: 'code',
    datetime: 'date-time',
  },
  columnTable: {
    name: 'column',
    chineseHeader: 'Chinese header',
    type: 'type',
    unit: 'unit',
    allowed: 'allowed',
    required: 'required',
    description: 'description',
    alsoAccepted: 'also accepted as',
  },
  yes: 'yes',
  no: 'no',
  booleanValues: '`yes`, `no`',
  dateTimeForm: '`YYYY-MM-DD HH:MM`',
  crossFieldHeading: 'Cross-field rules',
  crossFieldIntro: 'An error rejects the whole file; a warning is reported and the file is still accepted.',
  crossFieldTable: { rule: 'rule', severity: 'severity', checks: 'what it checks' },
  severities: { error: 'error', warning: 'warning' },
  unknownTokens: (tokens) =>
    `Cells written ${tokens} are read as blank too, with a warning (\`unknown-value-token\`, one per column with its count): leave such cells empty or write \`NA\` instead.`,
  analysesHeading: 'Columns the analyses need',
  analysesIntro: [
    'A blank cell lowers completeness; a column missing from the file takes the center out of the analyses that',
    'need it, so a file without one of these columns is at least yellow, with a `missing-analysis-column` warning',
    'that names the analyses. Required columns are not listed: a file without one is rejected.',
  ],
  analysesTable: { column: 'column', neededBy: 'needed by', ifMissing: 'if the file has no such column' },
  missingEffects: {
    reject: 'error: the file is rejected',
    'exclude-runs': 'warning: every run of the file is left out of them',
    impute: "warning: the file's values are all imputed",
    omit: "warning: they lack the file's values for it",
    ignore: 'no warning: only consistency checks read it',
  },
  standIns: (columns) => ` (not needed when the file has ${columns})`,
  and: ' and ',
  or: ' or ',
  listSeparator: '; ',
  cellFormatsHeading: 'Cell formats',
  cellFormats: [
    '- **date-time**: hospital local time, no time zone: `2023-07-05 14:30`, `2023-07-05T14:30:00`, `2023-07-05`,',
    '  or the Excel form `2023/7/5 14:30`. Day-first and month-first dates (`05/07/2023`) are ambiguous and rejected.',
    '- **yes/no**: `yes`/`no`; also `y`/`n`, `true`/`false`, `1`/`0`, `是`/`否`.',
    '- **number**: a decimal point or a decimal comma (`7,25`); no thousands separators.',
    '- **code**: one of the listed codes, in any case, or its Chinese label as listed in the Chinese dictionary (`外周插管` for `peripheral`); `M`/`F` are accepted for sex.',
    '- An IABP started before ECMO is valid data: the run is excluded from the study cohort, not rejected.',
  ],
};

const zhCN: DictionaryUi = {
  title: 'ECLS 登记数据字典',
  generatedNote: '<!-- 由 `npm run docs` 根据 shared/dictionary/run-row-schema.ts 生成，请勿手工编辑。 -->',
  otherLanguage: 'English: [data-dictionary.md](data-dictionary.md)',
  intro: [
    '每一行是一名患者的一次 VA-ECMO（静脉-动脉体外膜肺氧合）运行。文件编码为 UTF-8（带或不带 BOM）或 GB18030，',
    '以逗号、分号或制表符分隔，第一行为表头。表头匹配时不区分大小写、空格、连字符、下划线以及全角/半角；',
    '下表中的中文表头和其他别名均可使用，中文表头后可在括号中注明单位（如 `身高(cm)`、`ECMO辅助时间（小时）`）。',
    '空白单元格（或 `NA`）表示“未记录”。',
  ],
  counts: ({ columns, required }) => `共 ${columns} 列，其中 ${required} 列在每一行中必填。`,
  templateHeading: 'CSV 模板',
  templateNotes: [
    '[template.csv](template.csv) 按字典顺序列出表头，并附一条示例病例。模板表头使用下表“列名”一栏中的英文机器名，',
    '各中心无论使用何种语言均可直接使用。表头也可以改用“中文表头”一栏中的中文名称（即国内医院信息系统导出的',
    '格式），系统的读取结果与英文表头完全相同。',
  ],
  groups: {
    identity: '标识',
    demographics: '人口学资料',
    timing: '时间',
    ecmo: 'ECMO',
    history: '既往史',
    'pre-ECMO state': 'ECMO前状态',
    'during ECMO': 'ECMO期间',
    outcomes: '结局',
    complications: '并发症',
  },
  kinds: {
    string: '文本',
    integer: '整数',
    number: '数值',
    boolean: '是/否',
    enum: '代码',
    datetime: '日期时间',
  },
  columnTable: {
    name: '列名',
    chineseHeader: '中文表头',
    type: '类型',
    unit: '单位',
    allowed: '取值',
    required: '必填',
    description: '说明',
    alsoAccepted: '其他可接受的表头',
  },
  yes: '是',
  no: '否',
  booleanValues: '`yes`（是）、`no`（否）',
  dateTimeForm: '`YYYY-MM-DD HH:MM`',
  unknownTokens: (tokens) =>
    `写作 ${tokens} 的单元格也按空白读取，但会给出警告（\`unknown-value-token\`，每列一条并注明个数）：请将这类单元格留空或写 \`NA\`。`,
  analysesHeading: '各项分析需要的列',
  analysesIntro: [
    '空白单元格只降低完整率；文件中缺少整列时，该中心会被排除在需要此列的分析之外。因此缺少下列任一列的文件',
    '至少为黄色，并给出 `missing-analysis-column` 警告，列出受影响的分析。必填列不在此表中：缺少必填列的文件会被拒收。',
  ],
  analysesTable: { column: '列', neededBy: '需要此列的分析', ifMissing: '文件缺少此列时' },
  missingEffects: {
    reject: '错误：文件被拒收',
    'exclude-runs': '警告：该文件的全部病例不纳入这些分析',
    impute: '警告：该文件的此项数值全部经多重插补填补',
    omit: '警告：这些分析中缺少该文件的此项数值',
    ignore: '无警告：仅用于一致性检查',
  },
  standIns: (columns) => `（文件含有 ${columns} 时不需要）`,
  and: ' 和 ',
  or: ' 或 ',
  listSeparator: '；',
  crossFieldHeading: '跨字段规则',
  crossFieldIntro: '“错误”会导致整个文件被拒收；“警告”会在报告中列出，文件仍被接收。',
  crossFieldTable: { rule: '规则', severity: '级别', checks: '检查内容' },
  severities: { error: '错误', warning: '警告' },
  cellFormatsHeading: '单元格格式',
  cellFormats: [
    '- **日期时间**：医院当地时间，不含时区：`2023-07-05 14:30`、`2023-07-05T14:30:00`、`2023-07-05`，',
    '  或 Excel 格式 `2023/7/5 14:30`。日在前或月在前的日期（如 `05/07/2023`）有歧义，不予接受。',
    '- **是/否**：`yes`/`no`；也可填 `y`/`n`、`true`/`false`、`1`/`0`、`是`/`否`。',
    '- **数值**：使用小数点或小数逗号（如 `7,25`）；不要使用千位分隔符。',
    '- **代码**：填写所列代码之一（不区分大小写），或其中文名称（如 `外周插管` 即 `peripheral`）；性别也可填 `M`/`F`。',
    '- ECMO之前开始的IABP是有效数据：该病例不纳入研究队列，但不会被拒收。',
  ],
};

/** The dictionary's interface text in every supported language. */
export const dictionaryUi: Readonly<Record<Language, DictionaryUi>> = { en, 'zh-CN': zhCN };
