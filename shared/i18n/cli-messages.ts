/**
 * What the `ecls` command line says to a center's data manager (validate, upload, status), in every supported
 * language: the one-line user errors (what, where, how to fix) and the lines the CLI prints around a verdict.
 * Each language is a complete `Record` of the same keys, so tsc rejects a catalogue that lacks one. The verdict's
 * own text is rendered by shared/validation, not here.
 */
import type { Language } from './language.js';

/** The file that lists the registry's centers, named in messages about an unknown center. */
const CENTERS_FILE = 'shared/config/centers.json';

/** Every message the CLI prints to a data manager, with the parameters each takes. */
export interface CliMessageParams {
  unknownCenter: { id: string; suggestion?: string };
  fileNotFound: { path: string };
  fileIsDirectory: { path: string };
  fileUnreadable: { path: string; reason: string };
  internalError: { error: string };
  stackUnreachable: { what: string; where: string; detail: string };
  stackNotRunningHint: Record<string, never>;
  uploadWaiting: { file: string; location: string; uploadId: string };
  uploadNoVerdict: { uploadId: string; seconds: number; state: string; location: string; center: string };
  uploadNotRecorded: Record<string, never>;
  uploadInState: { status: string };
  uploadNoVerdictLocal: Record<string, never>;
  uploadNoVerdictAws: Record<string, never>;
  uploadDone: { uploadId: string; status: string };
  verdictAtLocal: { url: string };
  verdictServeHint: { url: string };
  verdictAtAws: { url: string; s3Uri: string };
  statusHeader: Record<string, never>;
  statusVerdict: { status: string };
  statusUpload: { status: string };
  statusSummary: { uploaded: number; total: number; red: string };
  statusNone: Record<string, never>;
  statusDenied: { center: string };
}

/** A message key. */
export type CliMessageKey = keyof CliMessageParams;

/** One language's catalogue: a function of its parameters for every key. */
export type CliCatalogue = { [K in CliMessageKey]: (params: CliMessageParams[K]) => string };

const en: CliCatalogue = {
  unknownCenter: ({ id, suggestion }) =>
    `Unknown center "${id}".${suggestion ? ` Did you mean ${suggestion}?` : ''} Centers are listed in ${CENTERS_FILE}.`,
  fileNotFound: ({ path }) => `File not found: ${path}. Check the path and pass the CSV export to use.`,
  fileIsDirectory: ({ path }) =>
    `${path} is a directory, not a file. Pass one CSV export inside it, e.g. ${path.replace(/\/?$/, '/')}C001.csv.`,
  fileUnreadable: ({ path, reason }) =>
    `Cannot read ${path} (${reason}). Check that the file exists and that you may read it.`,
  internalError: ({ error }) =>
    `Internal error: ${error}. Run again with ECLS_DEBUG=1 to see the stack trace; the local stack's logs are in .local/logs/.`,
  stackUnreachable: ({ what, where, detail }) => `Cannot ${what} on ${where}: ${detail}.`,
  stackNotRunningHint: () =>
    'Is the stack running? Start it with "npm start" (or pass --s3-endpoint URL --dynamodb-endpoint URL, or --aws).',
  uploadWaiting: ({ file, location, uploadId }) =>
    `uploaded ${file} as ${location} (upload ${uploadId}); waiting for the verdict …`,
  uploadNoVerdict: ({ uploadId, seconds, state, location, center }) =>
    `no verdict for upload ${uploadId} within ${seconds} s (${state}). The file is stored as ${location}. ` +
    `See where it stands with "ecls status --center ${center}", or wait longer with --timeout.`,
  uploadNotRecorded: () => 'ingest has not recorded it yet',
  uploadInState: ({ status }) => `it is ${status}`,
  uploadNoVerdictLocal: () =>
    'On the local stack its ingest message is kept on disk until ingest finishes it: if "npm start" stopped meanwhile, ' +
    'the upload is ingested when "npm start" next runs on the same data directory.',
  uploadNoVerdictAws: () =>
    'Ingest keeps retrying it; a message it cannot process moves to the ingest dead-letter queue.',
  uploadDone: ({ uploadId, status }) => `Upload ${uploadId}: ${status}.`,
  verdictAtLocal: ({ url }) => `Open the verdict at ${url}`,
  verdictServeHint: ({ url }) => `Open the verdict at ${url} while "npm start" or "ecls serve" runs.`,
  verdictAtAws: ({ url, s3Uri }) =>
    `Open the verdict at ${url} (signed in to the AWS console with your center's role), or fetch it with ` +
    `"aws s3 cp ${s3Uri} verdict.html" using your center's profile.`,
  statusHeader: () => 'center  runs  version  uploads  latest verdict  latest upload',
  statusVerdict: ({ status }) => status,
  statusUpload: ({ status }) => status,
  statusSummary: ({ uploaded, total, red }) =>
    `${uploaded} of ${total} centers have uploaded; latest verdict red: ${red}`,
  statusNone: () => 'none',
  statusDenied: ({ center }) => `The role of center ${center} may read only its own uploads.`,
};

/** The upload ledger's states in Chinese (shared/ingest/types/upload.ts); an unknown one is shown as stored. */
const uploadStatusZh: Readonly<Record<string, string>> = {
  rejected: '已拒收',
  accepted: '已接收，正在合并',
  merged: '已合并',
  completed: '已完成',
};

/** A verdict's colour in Chinese, as the verdict page names it. */
const verdictColourZh: Readonly<Record<string, string>> = { green: '绿色', yellow: '黄色', red: '红色' };

const zhCN: CliCatalogue = {
  unknownCenter: ({ id, suggestion }) =>
    `未知的中心编号“${id}”。${suggestion ? `您是指 ${suggestion} 吗？` : ''}所有中心列在 ${CENTERS_FILE} 中。`,
  fileNotFound: ({ path }) => `找不到文件：${path}。请检查路径，并传入要使用的 CSV 导出文件。`,
  fileIsDirectory: ({ path }) =>
    `${path} 是一个目录，不是文件。请传入其中的一个 CSV 导出文件，例如 ${path.replace(/\/?$/, '/')}C001.csv。`,
  fileUnreadable: ({ path, reason }) => `无法读取 ${path}（${reason}）。请确认文件存在且您有读取权限。`,
  internalError: ({ error }) =>
    `内部错误：${error}。设置 ECLS_DEBUG=1 后重新运行可查看堆栈；本地栈的日志在 .local/logs/ 中。`,
  stackUnreachable: ({ what, where, detail }) => `无法在 ${where} 上${what}：${detail}。`,
  stackNotRunningHint: () =>
    '服务栈是否在运行？请用 "npm start" 启动（或传入 --s3-endpoint URL --dynamodb-endpoint URL，或 --aws）。',
  uploadWaiting: ({ file, location, uploadId }) =>
    `已上传 ${file}，存为 ${location}（上传 ${uploadId}）；正在等待校验结果 …`,
  uploadNoVerdict: ({ uploadId, seconds, state, location, center }) =>
    `上传 ${uploadId} 在 ${seconds} 秒内没有校验结果（${state}）。文件已存为 ${location}。` +
    `可用 "ecls status --center ${center}" 查看进度，或用 --timeout 等待更久。`,
  uploadNotRecorded: () => '入库函数尚未记录它',
  uploadInState: ({ status }) => `当前状态为 ${status}`,
  uploadNoVerdictLocal: () =>
    '在本地栈上，其入库消息会保存在磁盘上直到处理完成：如果 "npm start" 期间停止了，下次在同一数据目录运行 "npm start" 时会继续处理。',
  uploadNoVerdictAws: () => '入库函数会继续重试；无法处理的消息会移入入库死信队列。',
  uploadDone: ({ uploadId, status }) => `上传 ${uploadId}：${uploadStatusZh[status] ?? status}。`,
  verdictAtLocal: ({ url }) => `在浏览器中打开校验结果：${url}`,
  verdictServeHint: ({ url }) => `在 "npm start" 或 "ecls serve" 运行时，可在浏览器中打开校验结果：${url}`,
  verdictAtAws: ({ url, s3Uri }) =>
    `用本中心的角色登录 AWS 控制台后打开校验结果：${url}；或用本中心的配置运行 "aws s3 cp ${s3Uri} verdict.html" 下载。`,
  statusHeader: () => '中心    病例  版本     上传     最新结果        最新上传',
  statusVerdict: ({ status }) => verdictColourZh[status] ?? status,
  statusUpload: ({ status }) => uploadStatusZh[status] ?? status,
  statusSummary: ({ uploaded, total, red }) =>
    `${total} 个中心中有 ${uploaded} 个已上传；最新结果为红色的中心：${red}`,
  statusNone: () => '无',
  statusDenied: ({ center }) => `中心 ${center} 的角色只能读取本中心的上传记录。`,
};

/** The catalogue of every supported language. */
export const cliCatalogues: Readonly<Record<Language, CliCatalogue>> = { en, 'zh-CN': zhCN };

/**
 * The message `key` in `language`.
 * @example cliMessage('en', 'fileNotFound', { path: 'a.csv' }) // 'File not found: a.csv. …'
 */
/**
 * Pads `text` with spaces to `width` terminal columns, counting a CJK character as two (as terminals draw it), so
 * a table lines up in Chinese as in English.
 * @example padColumns('红色', 6) // '红色  '
 */
export function padColumns(text: string, width: number): string {
  let columns = 0;
  for (const ch of text)
    columns +=
      /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u.test(
        ch,
      )
        ? 2
        : 1;
  return text + ' '.repeat(Math.max(0, width - columns));
}

export function cliMessage<K extends CliMessageKey>(
  language: Language,
  key: K,
  params: CliMessageParams[K],
): string {
  return cliCatalogues[language][key](params);
}
