/**
 * Compares a number computed here with R's, to a relative tolerance. ±Infinity must match exactly. The message
 * names the quantity, so a failing table of reference values says which row and field drifted.
 */
export function expectMatchesR(
  actual: number,
  expected: number | string,
  relative: number,
  where: string,
): void {
  const target = typeof expected === 'string' ? parseRNumber(expected) : expected;
  if (!Number.isFinite(target)) {
    if (actual !== target) throw new Error(`${where}: got ${actual}, R gives ${target}`);
    return;
  }
  const scale = Math.max(Math.abs(target), Number.MIN_VALUE);
  if (!(Math.abs(actual - target) <= relative * scale)) {
    throw new Error(
      `${where}: got ${actual}, R gives ${target} (relative error ${Math.abs(actual - target) / scale})`,
    );
  }
}

/** jsonlite writes R's Inf and -Inf as the strings "Inf" and "-Inf". */
function parseRNumber(text: string): number {
  if (text === 'Inf') return Infinity;
  if (text === '-Inf') return -Infinity;
  return Number(text);
}
