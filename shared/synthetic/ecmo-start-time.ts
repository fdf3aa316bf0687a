/**
 * ECMO start times over the study window, with volume growing year on year (YEAR_VOLUME_WEIGHTS) and whole
 * minutes, since the registry's CSV writes `YYYY-MM-DD HH:MM`.
 */
import type { Random } from '../random/seeded-random.js';
import { STUDY_END, STUDY_START, YEAR_VOLUME_WEIGHTS } from './calibration.js';

const MINUTE = 60_000;

interface Span {
  from: number;
  to: number;
  weight: number;
}

const spans: Span[] = YEAR_VOLUME_WEIGHTS.map((w, i) => {
  const from = Math.max(STUDY_START, Date.UTC(2017 + i, 0, 1));
  const to = Math.min(STUDY_END, Date.UTC(2018 + i, 0, 1));
  const yearLength = Date.UTC(2018 + i, 0, 1) - Date.UTC(2017 + i, 0, 1);
  return { from, to, weight: (w * (to - from)) / yearLength };
}).filter((s) => s.to > s.from);
const totalWeight = spans.reduce((a, s) => a + s.weight, 0);

/** Draws one ECMO start (ms of wall-clock time, a whole minute) in [STUDY_START, STUDY_END). */
export function drawEcmoStart(random: Random): number {
  let u = random.next() * totalWeight;
  let span = spans[spans.length - 1]!;
  for (const s of spans) {
    u -= s.weight;
    if (u < 0) {
      span = s;
      break;
    }
  }
  const minutes = (span.to - span.from) / MINUTE;
  return span.from + Math.floor(random.next() * minutes) * MINUTE;
}
