/**
 * The deterministic synthetic registry: per active center, a CSV export's worth of runs whose marginals,
 * exclusions, missingness and outcome models follow the source study (see calibration.ts). The same options
 * always give the same rows. `iterateRegistry` yields one center at a time so large scales stay within memory.
 */
import { activeCenters } from '../config/centers.js';
import type { RunRow } from '../dictionary/index.js';
import { createRandom } from '../random/seeded-random.js';
import { CENTER_VOLUME_LOG_SD, MIN_CENTER_RUNS, TOTAL_RUNS } from './calibration.js';
import { drawCenterProfile, type CenterProfile } from './center-profile.js';
import { drawCenterVolumes } from './center-volumes.js';
import type { RawCells } from './csv-writer.js';
import { injectDirt, type DirtyRow } from './dirty-rows.js';
import { drawEcmoStart } from './ecmo-start-time.js';
import { InvalidGeneratorOptionError } from './errors.js';
import { generateRun } from './generate-run.js';
import { drawRunKind, type RunKind } from './run-kind.js';

export interface GenerateOptions {
  /** Seed of every random draw (default 20240101). */
  seed?: number;
  /** Multiplies every center's volume (default 1); run ids stay unique within a center. */
  scale?: number;
  /** Per-row probability of an injected error (default 0: a clean registry). */
  dirtyRate?: number;
  /** The centers to generate (default: the active centers of shared/config/centers.json, in file order). */
  centerIds?: readonly string[];
}

/** One center's export. */
export interface CenterExport {
  centerId: string;
  profile: CenterProfile;
  /** Typed rows ordered by ECMO start; dirtied rows hold their (invalid) values. */
  rows: RunRow[];
  /** What each row is (its first cohort exclusion, or `cohort`); same order as rows. Not part of the CSV. */
  kinds: RunKind[];
  /** Raw cell overrides by row index, for errors a typed value cannot hold (write them with toCsv). */
  rawCells: Map<number, RawCells>;
  /** The rows the dirty generator changed. */
  dirtied: DirtyRow[];
}

/** The registry's plan: every center's profile and its number of runs at the requested scale. */
export interface RegistryPlan {
  seed: number;
  scale: number;
  dirtyRate: number;
  centers: { profile: CenterProfile; runs: number }[];
  totalRuns: number;
}

export const DEFAULT_SEED = 20240101;

function checkOptions(options: GenerateOptions): Required<Omit<GenerateOptions, 'centerIds'>> {
  const { seed = DEFAULT_SEED, scale = 1, dirtyRate = 0 } = options;
  if (!Number.isSafeInteger(seed)) {
    throw new InvalidGeneratorOptionError(`seed must be a whole number, got ${seed}.`);
  }
  if (!Number.isFinite(scale) || scale <= 0 || scale > 1000) {
    throw new InvalidGeneratorOptionError(`scale must be a number above 0 and at most 1000, got ${scale}.`);
  }
  if (!Number.isFinite(dirtyRate) || dirtyRate < 0 || dirtyRate > 1) {
    throw new InvalidGeneratorOptionError(`dirtyRate must be between 0 and 1, got ${dirtyRate}.`);
  }
  return { seed, scale, dirtyRate };
}

/**
 * Plans the registry without generating rows: center volumes and habits, and the total run count.
 *
 * @throws InvalidGeneratorOptionError when seed, scale or dirtyRate is out of range
 */
export function planRegistry(options: GenerateOptions = {}): RegistryPlan {
  const { seed, scale, dirtyRate } = checkOptions(options);
  const centerIds = options.centerIds ?? activeCenters().map((c) => c.id);
  if (centerIds.length === 0)
    throw new InvalidGeneratorOptionError('centerIds must name at least one center.');
  const master = createRandom(seed);
  const volumes = drawCenterVolumes(
    master.fork(),
    centerIds,
    Math.max(TOTAL_RUNS, centerIds.length * MIN_CENTER_RUNS),
    CENTER_VOLUME_LOG_SD,
    MIN_CENTER_RUNS,
  );
  const profileRandom = master.fork();
  const centers = centerIds.map((id) => {
    const profile = drawCenterProfile(profileRandom, id, volumes.get(id)!);
    return { profile, runs: Math.max(1, Math.round(profile.runs * scale)) };
  });
  return { seed, scale, dirtyRate, centers, totalRuns: centers.reduce((s, c) => s + c.runs, 0) };
}

/**
 * Yields the registry one center at a time (only that center's rows are held).
 *
 * @throws InvalidGeneratorOptionError when an option is out of range
 * @example for (const center of iterateRegistry({ seed: 1 })) writeFileSync(`${center.centerId}.csv`, toCsv(center.rows, center.rawCells));
 */
export function* iterateRegistry(options: GenerateOptions = {}): Generator<CenterExport> {
  const plan = planRegistry(options);
  // Each center has its own stream, derived in center order, so a center's rows do not depend on how many
  // draws the centers before it used.
  const streams = createRandom(plan.seed + 1);
  const ids = plan.centers.map((c) => c.profile.centerId);
  for (const [i, { profile, runs }] of plan.centers.entries()) {
    const random = streams.fork();
    const dirtRandom = random.fork();
    const starts = Array.from({ length: runs }, () => drawEcmoStart(random)).sort((a, b) => a - b);
    const width = Math.max(6, String(runs).length);
    const kinds: RunKind[] = [];
    const rows = starts.map((ecmoStartAt, k) => {
      const kind = drawRunKind(random);
      kinds.push(kind);
      const runId = `${profile.centerId}-R${String(k + 1).padStart(width, '0')}`;
      return generateRun(random, { center: profile, runId, ecmoStartAt, kind });
    });
    const rawCells = new Map<number, RawCells>();
    const otherCenter = ids.length > 1 ? ids[(i + 1) % ids.length]! : 'C999';
    const dirtied = injectDirt(dirtRandom, profile.centerId, rows, rawCells, plan.dirtyRate, otherCenter);
    yield { centerId: profile.centerId, profile, rows, kinds, rawCells, dirtied };
  }
}

/** The whole registry in memory (fine at scale 1; use iterateRegistry for large scales). */
export function generateRegistry(options: GenerateOptions = {}): CenterExport[] {
  return [...iterateRegistry(options)];
}
