/**
 * A synthetic center: its volume and the habits that make centers differ (outcome and IABP-use effects, which
 * identity and body-size columns its exports fill in).
 */
import type { Random } from '../random/seeded-random.js';
import {
  IABP_PROPENSITY,
  LARGE_CENTER_RUNS_PER_YEAR,
  MORTALITY_MODEL,
  STUDY_END,
  STUDY_START,
} from './calibration.js';

export interface CenterProfile {
  centerId: string;
  /** Runs over the whole study period at scale 1. */
  runs: number;
  /** Runs a year at scale 1. */
  runsPerYear: number;
  /** More than 30 runs a year (the paper's "large center" subgroup). */
  large: boolean;
  /** Center random effect on the logit of in-hospital mortality. */
  mortalityEffect: number;
  /** Center random effect on the logit of IABP use after ECMO. */
  iabpEffect: number;
  /** Which of age and year of birth the center's exports carry. */
  ageColumns: 'age' | 'birth_year' | 'both';
  /** Which body-size columns the center's exports carry. */
  bodySizeColumns: 'bmi' | 'height_weight' | 'all';
}

const STUDY_YEARS = (STUDY_END - STUDY_START) / (365.25 * 24 * 3_600_000);

/** Draws a center's habits; `runs` is its volume at scale 1 (from drawCenterVolumes). */
export function drawCenterProfile(random: Random, centerId: string, runs: number): CenterProfile {
  const runsPerYear = runs / STUDY_YEARS;
  const ageDraw = random.next();
  const bodyDraw = random.next();
  return {
    centerId,
    runs,
    runsPerYear,
    large: runsPerYear > LARGE_CENTER_RUNS_PER_YEAR,
    mortalityEffect: (MORTALITY_MODEL.centerSd ?? 0) * random.normal(),
    iabpEffect: IABP_PROPENSITY.centerSd * random.normal(),
    ageColumns: ageDraw < 0.5 ? 'both' : ageDraw < 0.85 ? 'age' : 'birth_year',
    bodySizeColumns: bodyDraw < 0.5 ? 'all' : bodyDraw < 0.8 ? 'bmi' : 'height_weight',
  };
}
