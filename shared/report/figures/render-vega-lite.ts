/**
 * Renders a vega-lite (or plain vega) specification to an accessible, self-contained SVG string in Node: no
 * DOM, no canvas, no network. Text widths are then estimated by vega from the font size, which is why the
 * figures leave generous room for labels.
 */
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { figureIdPrefix, makeAccessibleSvg, type FigureText } from './accessible-svg.js';
import { FigureInputError } from './figure-input-error.js';
import { installTextMetrics } from './text-metrics.js';

export type { FigureText } from './accessible-svg.js';

/** Options shared by every figure function. */
export interface RenderOptions {
  /** Prefix of the SVG's ids; by default a hash of the figure's content. Set it when a page must know the ids. */
  idPrefix?: string;
}

/**
 * A loader that refuses every request: figures carry their data inline, and an SVG that fetched something at
 * render time would no longer be reproducible from its inputs.
 */
function offlineLoader(): vega.Loader {
  const loader = vega.loader();
  const refuse = (uri: string): Promise<never> =>
    Promise.reject(new FigureInputError('renderVegaSvg', `refusing to load "${uri}": figures are offline`));
  loader.load = refuse;
  loader.sanitize = refuse;
  loader.http = refuse;
  loader.file = refuse;
  return loader;
}

/**
 * Renders a vega specification to SVG and makes it accessible (see `makeAccessibleSvg`).
 * @throws {FigureInputError} when the spec tries to load external data.
 */
export async function renderVegaSvg(
  spec: vega.Spec,
  text: FigureText,
  options: RenderOptions = {},
): Promise<string> {
  installTextMetrics();
  const view = new vega.View(vega.parse(spec), { renderer: 'none', loader: offlineLoader() });
  try {
    const svg = await view.toSVG();
    const prefix = options.idPrefix ?? figureIdPrefix(JSON.stringify([text.title, text.description, spec]));
    return makeAccessibleSvg(svg, text, prefix);
  } finally {
    view.finalize();
  }
}

/** Named data sets to put into a compiled specification's data sources before it renders. */
export type NamedData = Readonly<Record<string, readonly object[]>>;

/** Parsed specifications kept: a report draws a few figure layouts many times (one funnel per center). */
const COMPILED_CACHE_SIZE = 16;
const compiled = new Map<string, vega.Runtime>();

/** The parsed vega runtime of a vega-lite spec, compiled once per distinct spec (least recently used first out). */
function compiledRuntime(spec: TopLevelSpec): vega.Runtime {
  const key = JSON.stringify(spec);
  const hit = compiled.get(key);
  if (hit !== undefined) {
    compiled.delete(key);
    compiled.set(key, hit);
    return hit;
  }
  const runtime = vega.parse(compile(spec).spec);
  compiled.set(key, runtime);
  if (compiled.size > COMPILED_CACHE_SIZE) compiled.delete(compiled.keys().next().value!);
  return runtime;
}

/**
 * Renders a vega-lite specification whose changing rows come from named data sources (`data: { name }`) as
 * `renderVegaLiteSvg` does, but compiles and parses each distinct specification only once: drawing the same
 * layout with other rows (a funnel plot per center) then costs only the dataflow and the SVG. The SVG's ids are
 * derived from the specification and the data together, so different data never share ids.
 * @example await renderVegaLiteSvgWithData({ data: { name: 'dots' }, mark: 'point' }, { dots: [{ x: 1 }] }, text)
 */
export async function renderVegaLiteSvgWithData(
  spec: TopLevelSpec,
  data: NamedData,
  text: FigureText,
  options: RenderOptions = {},
): Promise<string> {
  installTextMetrics();
  const view = new vega.View(compiledRuntime(spec), { renderer: 'none', loader: offlineLoader() });
  try {
    for (const [name, values] of Object.entries(data)) view.data(name, values as object[]);
    const svg = await view.toSVG();
    const prefix =
      options.idPrefix ?? figureIdPrefix(JSON.stringify([text.title, text.description, spec, data]));
    return makeAccessibleSvg(svg, text, prefix);
  } finally {
    view.finalize();
  }
}

/**
 * Compiles a vega-lite specification and renders it as `renderVegaSvg` does.
 * @example await renderVegaLiteSvg({ data: { values: [] }, mark: 'point' }, { title: 'T', description: 'D' })
 */
export async function renderVegaLiteSvg(
  spec: TopLevelSpec,
  text: FigureText,
  options: RenderOptions = {},
): Promise<string> {
  return renderVegaSvg(compile(spec).spec, text, options);
}
