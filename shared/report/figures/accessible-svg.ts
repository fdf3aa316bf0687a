/**
 * Turns the SVG string vega renders into a self-contained, accessible figure:
 * - the root gets `role="img"` and `aria-labelledby` pointing at a `<title>` and a `<desc>` inserted as its first
 *   children (vega writes neither);
 * - inside it, vega's mark containers that carry an ARIA role but no name are taken out of the accessibility tree:
 *   an unnamed leaf container (`graphics-symbol`: lines, rules, areas, symbols) is hidden with
 *   `aria-hidden="true"`, and an unnamed group loses its role so the named guides it holds stay reachable. What
 *   the marks show is in the root's title and description and in the figure's data table; vega's own names (the
 *   drawn title, axes, legends) are kept. Per-mark labels are not generated at all (see `vegaLiteTheme`);
 * - every id vega wrote (clip paths, gradients) is renamed under a per-figure prefix, numbered in document order.
 *   Vega numbers clip paths with a process-wide counter, so without this the same input would give different
 *   bytes on a second render, and two figures inlined in one HTML page would share ids and clip each other.
 */
import { escapeXml } from '../../markup/escape.js';
import { FigureInputError } from './figure-input-error.js';

/** The written alternative of a figure. */
export interface FigureText {
  /** Short name, read first by screen readers and shown as a tooltip. */
  title: string;
  /** What the figure shows and its main finding, in words. */
  description: string;
}

const ROOT_TAG = /^(\s*(?:<\?xml[^>]*\?>\s*)?)<svg\b([^>]*)>/;

/**
 * A deterministic id prefix from the figure's content (32-bit FNV-1a, hex): the same figure gets the same ids, and
 * different figures on one page almost surely get different ones.
 */
export function figureIdPrefix(content: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < content.length; i++) {
    hash ^= content.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return `fig-${hash.toString(16).padStart(8, '0')}`;
}

/**
 * Adds the title, description and ARIA attributes to an SVG string and renames its ids under `idPrefix`.
 * @throws {FigureInputError} when the string does not start with an `<svg>` element, or the prefix is not a
 *   valid XML name.
 * @example makeAccessibleSvg('<svg width="10"></svg>', { title: 'T', description: 'D' }, 'fig-1')
 */
export function makeAccessibleSvg(svg: string, text: FigureText, idPrefix: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_.-]*$/.test(idPrefix)) {
    throw new FigureInputError('makeAccessibleSvg', `id prefix "${idPrefix}" is not a valid XML name`);
  }
  const match = ROOT_TAG.exec(svg);
  if (!match)
    throw new FigureInputError('makeAccessibleSvg', 'the rendered output has no <svg> root element');
  const renamed = hideUnnamedMarks(renameIds(svg.slice(match[0].length), idPrefix));
  // Drop any role or aria attribute already on the root so ours is the only one.
  const attributes = match[2]!.replace(/\s(?:role|aria-[a-z]+)="[^"]*"/g, '');
  const titleId = `${idPrefix}-title`;
  const descId = `${idPrefix}-desc`;
  return (
    `${match[1]}<svg${attributes} role="img" aria-labelledby="${titleId} ${descId}">` +
    `<title id="${titleId}">${escapeXml(text.title)}</title>` +
    `<desc id="${descId}">${escapeXml(text.description)}</desc>` +
    renamed
  );
}

/** A start tag with its attributes; quoted values may hold `>`, which vega does not escape inside attributes. */
const START_TAG = /<([A-Za-z][\w:-]*)((?:\s+[^\s=/>]+="[^"]*")*)(\s*\/?)>/g;
const VEGA_ROLE = /\srole="(graphics-symbol|graphics-object)"/;

/**
 * Hides vega's unnamed mark containers from assistive technology and drops the role of its unnamed groups (see
 * the module comment); elements with an `aria-label` or already `aria-hidden` are left as they are.
 */
function hideUnnamedMarks(body: string): string {
  return body.replace(START_TAG, (tag, name: string, attributes: string, close: string) => {
    const role = VEGA_ROLE.exec(attributes)?.[1];
    if (
      role === undefined ||
      /\saria-label="[^"]*\S[^"]*"/.test(attributes) ||
      /\saria-hidden="true"/.test(attributes)
    )
      return tag;
    const bare = attributes.replace(/\s(?:role|aria-roledescription|aria-label)="[^"]*"/g, '');
    return `<${name}${bare}${role === 'graphics-symbol' ? ' aria-hidden="true"' : ''}${close}>`;
  });
}

/** Renames every `id="…"` and its references (`url(#…)`, `href="#…"`) to `${prefix}-N` in document order. */
function renameIds(body: string, prefix: string): string {
  const names = new Map<string, string>();
  for (const m of body.matchAll(/\sid="([^"]+)"/g)) {
    if (!names.has(m[1]!)) names.set(m[1]!, `${prefix}-${names.size + 1}`);
  }
  if (names.size === 0) return body;
  return body.replace(/(\sid="|url\(#|href="#)([^")]+)/g, (whole, lead: string, name: string) => {
    const renamed = names.get(name);
    return renamed === undefined ? whole : `${lead}${renamed}`;
  });
}
