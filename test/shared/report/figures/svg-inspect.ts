// Small string-level readers for the SVG that vega writes. They are deliberately strict about the shapes vega
// produces (one mark group per `<g class="mark-TYPE role-mark NAME_marks">`, leaf items inside), so a change in
// structure fails loudly instead of being matched loosely.

/** Attributes of the root `<svg>` element. */
export function rootAttributes(svg: string): Record<string, string> {
  const tag = /^<svg\b([^>]*)>/.exec(svg);
  if (!tag) throw new Error('no <svg> root at the start of the output');
  return Object.fromEntries([...tag[1]!.matchAll(/\s([\w:-]+)="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]));
}

/** The first `count` child elements of the root, as their tag names. */
export function firstChildTags(svg: string, count: number): string[] {
  const body = svg.replace(/^<svg\b[^>]*>/, '');
  return [...body.matchAll(/<([a-zA-Z]+)\b/g)].slice(0, count).map((m) => m[1]!);
}

/** Inner text of the root's element with the given id. */
export function textOfId(svg: string, id: string): string | undefined {
  return new RegExp(`<(\\w+) id="${id}">([^<]*)</\\1>`).exec(svg)?.[2];
}

/** The leaf items (path, line, text) of every mark group vega-lite named `${name}_marks`. */
export function markItems(svg: string, name: string): string[] {
  const groups = [
    ...svg.matchAll(new RegExp(`<g class="mark-\\w+ role-mark ${name}_marks"[^>]*>(.*?)</g>`, 'g')),
  ];
  return groups.flatMap((g) =>
    [...g[1]!.matchAll(/<(path|line|text)\b[^>]*(?:\/>|>[^<]*<\/text>)/g)].map((m) => m[0]),
  );
}

/** Number of mark groups vega-lite named `${name}_marks` (one per series for line marks with a detail). */
export function markGroupCount(svg: string, name: string): number {
  return [...svg.matchAll(new RegExp(`<g class="mark-\\w+ role-mark ${name}_marks"`, 'g'))].length;
}

/** Contents of every `<text>` element, still escaped as written. */
export function texts(svg: string): string[] {
  return [...svg.matchAll(/<text\b[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]!);
}

/** The translate(x, y) of an item. */
export function translate(item: string): { x: number; y: number } {
  const m = /transform="translate\(([-\d.e]+),([-\d.e]+)\)"/.exec(item);
  if (!m) throw new Error(`no translate in ${item.slice(0, 80)}`);
  return { x: Number(m[1]), y: Number(m[2]) };
}

/** Every URL-like string in the output. */
export function urls(svg: string): string[] {
  return [...svg.matchAll(/(?:https?:|ftp:|data:|file:|\/\/)[^"'\s)<]*/gi)].map((m) => m[0]);
}

/** The vertices of a path written with absolute M and L commands only (as vega writes lines). */
export function pathVertices(item: string): { x: number; y: number }[] {
  const d = / d="([^"]*)"/.exec(item)?.[1];
  if (d === undefined || !/^M[-\d.,eL]+$/.test(d)) throw new Error(`not an M/L path: ${item.slice(0, 80)}`);
  return d
    .slice(1)
    .split('L')
    .map((pair) => {
      const [x, y] = pair.split(',').map(Number);
      return { x: x!, y: y! };
    });
}

/** Text elements with their content and position, in document order. */
export function positionedTexts(svg: string): { text: string; x: number; y: number }[] {
  return [...svg.matchAll(/<text\b[^>]*>[^<]*<\/text>/g)]
    .filter((m) => m[0].includes('translate('))
    .map((m) => ({ text: />([^<]*)<\/text>$/.exec(m[0])![1]!, ...translate(m[0]) }));
}
