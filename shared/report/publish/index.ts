/** Atomic publishing of report sites to an object store. */
export {
  currentVersion,
  publishReport,
  PublishReportError,
  type CurrentPointer,
  type PublishReportOptions,
} from './publish-report.js';
export { siteObjectStoreOn, type SiteObjectStore } from './site-object-store.js';
