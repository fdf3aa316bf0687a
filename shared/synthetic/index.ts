/** The deterministic synthetic registry generator (calibrated to the source study) and its CSV writer. */
export {
  generateRegistry,
  iterateRegistry,
  planRegistry,
  DEFAULT_SEED,
  type CenterExport,
  type GenerateOptions,
  type RegistryPlan,
} from './generate-registry.js';
export { toCsv, toCsvLine, csvHeader, type RawCells } from './csv-writer.js';
export { dirtyKinds, type DirtyKind, type DirtyRow } from './dirty-rows.js';
export { excludedRunKinds, type RunKind, type ExcludedRunKind } from './run-kind.js';
export { InvalidGeneratorOptionError } from './errors.js';
export type { CenterProfile } from './center-profile.js';
export * as calibration from './calibration.js';
