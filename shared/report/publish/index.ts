/** Atomic, race-free publishing of report sites to an object store. */
export {
  currentVersion,
  publishReport,
  PublishReportError,
  switchSitePointers,
  writeSiteVersion,
  type CurrentPointer,
  type PublishReportOptions,
} from './publish-report.js';
export {
  PublicationBusyError,
  QuarterPublicationBuild,
  startQuarterPublication,
  type PublicationLeaseOptions,
  type PublishQuarterDeps,
  type QuarterPublicationResult,
  type SiteSwitch,
  type StartPublicationOptions,
} from './publish-quarter.js';
export { isPublicationStore, MemoryPublicationStore } from './memory-publication-store.js';
export { siteObjectStoreOn, type SiteObjectStore } from './site-object-store.js';
