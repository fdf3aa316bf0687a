/** Rendering of the quarterly report as a static site: pages, report.json, CSV tables and SVG figures. */
export { centerView, registryView, type ReportView } from './center-view.js';
export { neutraliseCsvCell, toCsvTable } from './csv-table.js';
export { escapeHtml } from '../../markup/escape.js';
export {
  funnelFigure,
  reportFigures,
  sharedFigures,
  withFunnel,
  type FunnelView,
  type ReportFigure,
} from './report-figures.js';
export { reportTables, type BenchmarkView, type ReportTable } from './report-tables.js';
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
