/** Rendering of the quarterly report as a static site: pages, report.json, CSV tables and SVG figures. */
export { centerView, registryView, type ReportView } from './center-view.js';
export {
  CSV_BOM,
  CsvParseError,
  neutraliseCsvCell,
  parseCsv,
  toCsvTable,
  toDataCsv,
  type CsvValue,
} from './csv-table.js';
export { reportJsonSchema } from './report-json-schema.js';
export {
  DICTIONARY_HEADER,
  TableDataError,
  tableCsv,
  tableCsvColumns,
  tableDictionaryCsv,
} from './table-csv.js';
export { escapeHtml } from '../../markup/escape.js';
export {
  funnelFigure,
  reportFigures,
  sharedFigures,
  withFunnel,
  type FunnelView,
  type ReportFigure,
} from './report-figures.js';
export {
  reportTables,
  type BenchmarkView,
  type DataColumn,
  type ReportTable,
  type TableData,
} from './report-tables.js';
export {
  renderReportSite,
  type OwnCenterRows,
  reportJson,
  reportSiteRenderer,
  reportState,
  type RenderReportSiteOptions,
  type ReportSiteRenderer,
  type ReportState,
} from './render-report-site.js';
export { renderSiteIndex, type SiteIndexEntry } from './render-site-index.js';
export type { SiteFile } from './site-file.js';
