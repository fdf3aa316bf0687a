/**
 * The words of the verdict's renderings (HTML page, terminal text, problems CSV, annotated copy) in each language.
 * Every language is a `VerdictUi`, so tsc refuses a language that lacks a string. Problem messages are not here:
 * `messageOf` is the one place the renderings take a problem's message from.
 */
import type { ColumnKind } from '../dictionary/index.js';
import type { VerdictKind } from '../validation/verdict-kind.js';
import type { Problem, Verdict } from '../validation/verdict-schema.js';
import { problemMessage } from './problem-messages.js';
import type { Language } from './language.js';

type Encoding = NonNullable<Verdict['summary']['encoding']>;
type Delimiter = NonNullable<Verdict['summary']['delimiter']>;

/** Every string of the verdict's renderings; functions take what the sentence needs. */
export interface VerdictUi {
  title: string;
  /** Between a label and its text: `: ` in English, the full-width `：` in Chinese. */
  colon: string;
  /** Between the parts of a problem's place (line, column). */
  listSeparator: string;
  /** The banner: the status word and what it means for the center. */
  banner: Record<VerdictKind, { status: string; text: string }>;
  sectionUpload: string;
  fileName: string;
  uploadId: string;
  uploadedAt: string;
  center: string;
  notRecorded: string;
  /** A time in China Standard Time, in which the registry's hospitals work, with its zone named. */
  chinaTime: (dateTime: string) => string;
  sectionFiles: string;
  annotatedLink: string;
  annotatedHint: string;
  templateLink: string;
  templateHint: string;
  sectionSummary: string;
  dataRows: string;
  rowsWithErrors: string;
  errors: string;
  warnings: string;
  completeness: string;
  completenessValue: (percent: string, needed: string) => string;
  encoding: string;
  encodingName: Record<Encoding, string>;
  delimiter: string;
  delimiterName: Record<Delimiter, string>;
  unknownFormat: string;
  sectionRuleCounts: string;
  rule: string;
  count: string;
  none: string;
  sectionProblems: string;
  row: string;
  runId: string;
  column: string;
  value: string;
  severity: string;
  severityName: Record<Problem['severity'], string>;
  howToFix: string;
  wholeFile: string;
  noProblems: string;
  problemsCut: (shown: number, total: number) => string;
  sectionColumns: string;
  columnsIntro: string;
  columnDescription: string;
  columnType: string;
  columnUnit: string;
  columnAllowed: string;
  columnRequired: string;
  kindName: Record<ColumnKind, string>;
  yes: string;
  no: string;
  required: string;
  optional: string;
  sectionCompleteness: string;
  field: string;
  inFile: string;
  filled: string;
  expected: string;
  /** The text rendering's own phrases. */
  text: {
    verdict: string;
    file: string;
    rows: string;
    problemsHeading: (shown: number, total: number) => string;
    rowAt: (row: number) => string;
    leastComplete: string;
    columnMissing: string;
  };
  /** Header of the problems CSV, in column order: row, run_id, column, value, rule, severity, message. */
  csvHeader: readonly [string, string, string, string, string, string, string];
  /** Header of the problems column of the annotated copy. */
  annotatedColumn: string;
  annotatedCut: (shown: number, total: number) => string;
  annotatedStopped: (reason: string) => string;
}

const en: VerdictUi = {
  title: 'ECLS Registry: upload data-quality verdict',
  colon: ': ',
  listSeparator: ', ',
  banner: {
    accepted: { status: 'GREEN', text: 'accepted, complete and without warnings.' },
    'accepted-with-warnings': {
      status: 'YELLOW',
      text: 'accepted, with warnings or incomplete optional fields. Please check the problems below.',
    },
    rejected: {
      status: 'RED',
      text: 'rejected; nothing from this file was stored. Correct the errors below and upload the whole file again.',
    },
    failed: {
      status: 'RED',
      text:
        'not processed. The registry could not process this upload; this is not an error in your file. ' +
        'The registry team has been alerted. The reason and what you can do are below.',
    },
    superseded: {
      status: 'YELLOW',
      text: 'valid but not applied: a newer upload of your center was applied first. Details below.',
    },
  },
  sectionUpload: 'Upload',
  fileName: 'File',
  uploadId: 'Upload id',
  uploadedAt: 'Uploaded',
  center: 'Center',
  notRecorded: 'not recorded',
  chinaTime: (dateTime) => `${dateTime} China Standard Time (UTC+8)`,
  sectionFiles: 'Files to download',
  annotatedLink: 'Your file with a problems column',
  annotatedHint:
    'Each row with a problem says what to fix in its last column. Open it in Excel, correct the cells, delete that column and upload the whole file again.',
  templateLink: 'CSV template',
  templateHint: 'The column names and one example row, in the order the registry expects.',
  sectionSummary: 'Summary',
  dataRows: 'Data rows',
  rowsWithErrors: 'Rows with errors',
  errors: 'Errors',
  warnings: 'Warnings',
  completeness: 'Completeness of optional fields',
  completenessValue: (percent, needed) => `${percent} (green needs ${needed})`,
  encoding: 'Character encoding',
  encodingName: { 'utf-8': 'UTF-8', gb18030: 'GB18030 (Chinese Windows)' },
  delimiter: 'Delimiter',
  delimiterName: { ',': 'comma ( , )', ';': 'semicolon ( ; )', '\t': 'tab' },
  unknownFormat: 'not read',
  sectionRuleCounts: 'Problems by rule',
  rule: 'Rule',
  count: 'Count',
  none: 'none',
  sectionProblems: 'Problems',
  row: 'Row',
  runId: 'run_id',
  column: 'Column',
  value: 'Value',
  severity: 'Severity',
  severityName: { error: 'error', warning: 'warning' },
  howToFix: 'What is wrong and how to fix it',
  wholeFile: 'whole file',
  noProblems: 'No problems.',
  problemsCut: (shown, total) =>
    `Only the first ${shown} of ${total} problems are listed; the counts above are complete. Fix these, then validate the file again to see the rest.`,
  sectionColumns: 'Columns mentioned',
  columnsIntro: 'The data dictionary entry of each column named in a problem above.',
  columnDescription: 'Description',
  columnType: 'Type',
  columnUnit: 'Unit',
  columnAllowed: 'Allowed values',
  columnRequired: 'Required',
  kindName: {
    string: 'text',
    integer: 'whole number',
    number: 'number',
    boolean: 'yes/no',
    enum: 'code',
    datetime: 'date and time (YYYY-MM-DD HH:MM)',
  },
  yes: 'yes',
  no: 'no',
  required: 'required',
  optional: 'optional',
  sectionCompleteness: 'Completeness by field',
  field: 'Field',
  inFile: 'In file',
  filled: 'Filled',
  expected: 'Expected',
  text: {
    verdict: 'Verdict',
    file: 'File',
    rows: 'Rows',
    problemsHeading: (shown, total) => `First ${shown} of ${total} problems:`,
    rowAt: (row) => `row ${row}`,
    leastComplete: 'Least complete optional fields:',
    columnMissing: '(column missing)',
  },
  csvHeader: ['row', 'run_id', 'column', 'value', 'rule', 'severity', 'message'],
  annotatedColumn: 'problems',
  annotatedCut: (shown, total) =>
    `problems (only the first ${shown} of ${total} problems are marked; validate again after fixing them)`,
  annotatedStopped: (reason) => `The copy stops here: ${reason}`,
};

const zhCN: VerdictUi = {
  title: 'ECLS 登记系统：上传数据质量评估结果',
  colon: '：',
  listSeparator: '，',
  banner: {
    accepted: { status: '绿色', text: '已接收，数据完整且无警告。' },
    'accepted-with-warnings': {
      status: '黄色',
      text: '已接收，但有警告或可选字段不完整。请查看下方的问题。',
    },
    rejected: {
      status: '红色',
      text: '已拒收，本文件的数据均未保存。请更正下方的错误，然后重新上传整个文件。',
    },
    failed: {
      status: '红色',
      text: '未能处理。登记系统未能处理此次上传，这不是您文件中的错误。登记团队已收到警报。原因及您可以采取的措施见下方。',
    },
    superseded: {
      status: '黄色',
      text: '数据有效但未应用：本中心一次较新的上传已先被应用。详情见下方。',
    },
  },
  sectionUpload: '上传信息',
  fileName: '文件',
  uploadId: '上传编号',
  uploadedAt: '上传时间',
  center: '中心',
  notRecorded: '未记录',
  chinaTime: (dateTime) => `${dateTime} 北京时间 (UTC+8)`,
  sectionFiles: '可下载的文件',
  annotatedLink: '带问题列的原文件',
  annotatedHint:
    '每个有问题的行在最后一列说明需要修改的内容。请用 Excel 打开，更正单元格，删除该列，然后重新上传整个文件。',
  templateLink: 'CSV 模板',
  templateHint: '登记系统要求的列名及顺序，附一行示例。',
  sectionSummary: '概要',
  dataRows: '数据行数',
  rowsWithErrors: '有错误的行数',
  errors: '错误',
  warnings: '警告',
  completeness: '可选字段完整率',
  completenessValue: (percent, needed) => `${percent}（绿色需达到 ${needed}）`,
  encoding: '字符编码',
  encodingName: { 'utf-8': 'UTF-8', gb18030: 'GB18030（中文 Windows）' },
  delimiter: '分隔符',
  delimiterName: { ',': '逗号（ , ）', ';': '分号（ ; ）', '\t': '制表符（Tab）' },
  unknownFormat: '未能读取',
  sectionRuleCounts: '按规则统计的问题',
  rule: '规则',
  count: '数量',
  none: '无',
  sectionProblems: '问题',
  row: '行',
  runId: 'run_id',
  column: '列',
  value: '值',
  severity: '严重程度',
  severityName: { error: '错误', warning: '警告' },
  howToFix: '问题及修改方法',
  wholeFile: '整个文件',
  noProblems: '没有问题。',
  problemsCut: (shown, total) =>
    `仅列出全部 ${total} 个问题中的前 ${shown} 个；上方的统计数字是完整的。请先修改这些问题，再重新校验文件以查看其余问题。`,
  sectionColumns: '涉及的列',
  columnsIntro: '上方问题中提到的每一列在数据字典中的说明。',
  columnDescription: '说明',
  columnType: '类型',
  columnUnit: '单位',
  columnAllowed: '允许的值',
  columnRequired: '必填',
  kindName: {
    string: '文本',
    integer: '整数',
    number: '数值',
    boolean: '是/否',
    enum: '代码',
    datetime: '日期时间（YYYY-MM-DD HH:MM）',
  },
  yes: '是',
  no: '否',
  required: '必填',
  optional: '可选',
  sectionCompleteness: '各字段完整率',
  field: '字段',
  inFile: '文件中有此列',
  filled: '已填写',
  expected: '应填写',
  text: {
    verdict: '评估结果',
    file: '文件',
    rows: '行数',
    problemsHeading: (shown, total) => `全部 ${total} 个问题中的前 ${shown} 个：`,
    rowAt: (row) => `第 ${row} 行`,
    leastComplete: '完整率最低的可选字段：',
    columnMissing: '（缺少此列）',
  },
  csvHeader: ['行', 'run_id', '列', '值', '规则', '严重程度', '问题说明'],
  annotatedColumn: '问题',
  annotatedCut: (shown, total) => `问题（仅标注了全部 ${total} 个问题中的前 ${shown} 个；修改后请重新校验）`,
  annotatedStopped: (reason) => `副本到此为止：${reason}`,
};

const catalogues: Record<Language, VerdictUi> = { en, 'zh-CN': zhCN };

/** The verdict renderings' strings in one language. */
export function verdictUi(language: Language): VerdictUi {
  return catalogues[language];
}

/**
 * The message of a problem as the renderings show it in `language`: rendered from the problem's parameters by the
 * message catalogue, or the stored English message for a verdict written before parameters were recorded.
 */
export function messageOf(problem: Problem, language: Language): string {
  return problemMessage(problem, language);
}
