/**
 * What every benchmark records about the machine it ran on: the load average is part of each figure, because the
 * machines these benches run on are often shared.
 */
import { cpus, loadavg, totalmem } from 'node:os';

/** `x` rounded to `digits` decimals, as a number (for JSON results). */
export const round = (x: number, digits = 3): number => Number(x.toFixed(digits));

/** The 1-, 5- and 15-minute load averages, to two decimals. */
export const load = (): number[] => loadavg().map((x) => round(x, 2));

/** CPU count and model, memory, Node version and the load average now (a bench adds `loadAverageAtEnd`). */
export function describeMachine(): {
  cpus: number;
  cpuModel: string | undefined;
  totalMemoryMB: number;
  node: string;
  loadAverageAtStart: number[];
} {
  return {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model,
    totalMemoryMB: round(totalmem() / 1024 ** 2, 0),
    node: process.version,
    loadAverageAtStart: load(),
  };
}
