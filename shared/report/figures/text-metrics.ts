/**
 * Text widths without a canvas. Vega in Node falls back to 0.8 em per character, which is about 50% too wide
 * for a sans-serif face: labels get truncated early and figures come out wider than the page. This estimate uses
 * Helvetica's advance widths (Adobe AFM, in 1/1000 em) for printable ASCII, widened by 10% because the generic
 * `sans-serif` family often resolves to the wider DejaVu Sans on Linux; East Asian characters count as 1 em.
 */
import * as vega from 'vega';

// Advance widths of code points 32..126 (space to tilde), Helvetica regular.
// prettier-ignore
const ASCII_WIDTHS = [
  278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278,
  556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556,
  1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778,
  667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556,
  333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556,
  556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
];
const WIDEN = 1.1;
const BOLD = 1.08;

/** Width in 1/1000 em of one code point. */
function advance(codePoint: number): number {
  if (codePoint >= 32 && codePoint <= 126) return ASCII_WIDTHS[codePoint - 32]!;
  if (codePoint >= 0x2e80) return 1000; // CJK, Hangul, full-width forms
  return 600;
}

/**
 * Estimated width in px of one line of text.
 * @example estimateTextWidth('Bleeding', 11) // ≈ 47
 */
export function estimateTextWidth(text: string, fontSize: number, bold = false): number {
  let units = 0;
  for (const ch of text) units += advance(ch.codePointAt(0)!);
  return (units / 1000) * fontSize * WIDEN * (bold ? BOLD : 1);
}

interface TextItem {
  fontSize?: number | string;
  fontWeight?: string | number;
  limit?: number;
}

/** The untyped text-metrics singleton that vega-scenegraph exports (see vl-convert, which also replaces it). */
interface VegaTextMetrics {
  width: (item: TextItem, text: unknown) => number;
}

/**
 * Makes vega measure text with `estimateTextWidth`. Vega only keeps one measuring function per process; this
 * one is deterministic and only ever installed by this library, so installing it again is harmless.
 */
export function installTextMetrics(): void {
  const metrics = (vega as unknown as { textMetrics: VegaTextMetrics }).textMetrics;
  metrics.width = (item, text) => {
    const line = text == null ? '' : String(text).trim();
    const size = item.fontSize != null ? Number(item.fontSize) || 0 : 11;
    const bold = item.fontWeight === 'bold' || Number(item.fontWeight) >= 600;
    const width = estimateTextWidth(line, size, bold);
    // A truncated line is never wider than its limit; returning the limit keeps vega's truncation search exact.
    return item.limit !== undefined && item.limit > 0 ? Math.min(width, item.limit) : width;
  };
}
