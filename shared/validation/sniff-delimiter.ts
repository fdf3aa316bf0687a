/** Picks the delimiter of a CSV export from its header line: comma, semicolon (European Excel) or tab. */

export type Delimiter = ',' | ';' | '\t';

const CANDIDATES: readonly Delimiter[] = [',', ';', '\t'];

/**
 * Returns the candidate that occurs most often in the first line outside quotes; comma when none occurs (a
 * one-column file) or on a tie, as comma is the CSV default.
 */
export function sniffDelimiter(text: string): Delimiter {
  const end = text.search(/[\r\n]/);
  const line = (end === -1 ? text : text.slice(0, end)).replace(/"(?:[^"]|"")*"/g, '');
  let best: Delimiter = ',';
  let bestCount = 0;
  for (const candidate of CANDIDATES) {
    const count = line.split(candidate).length - 1;
    if (count > bestCount) {
      best = candidate;
      bestCount = count;
    }
  }
  return best;
}
