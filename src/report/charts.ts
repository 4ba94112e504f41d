// What every report's charts share: the look, a bar chart with intervals and the thesis's figure, and
// rendering a vega-lite spec headless to SVG (vega, no browser) and to PNG (resvg).
import { Resvg } from '@resvg/resvg-js';
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

const font = 'DejaVu Sans, Helvetica, Arial, sans-serif';
export const chartConfig = {
  font,
  axis: { labelFontSize: 11, titleFontSize: 12 },
  legend: { labelFontSize: 11, titleFontSize: 12, labelLimit: 260 },
  header: { labelFontSize: 12, titleFontSize: 12 },
  title: { fontSize: 14, anchor: 'start' as const },
  view: { stroke: null },
};

/** One panel per results group, stacked vertically, each with its own x scale. */
export function facetedChart(title: string, rows: object[], spec: object): TopLevelSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title,
    config: chartConfig,
    data: { values: rows },
    facet: { row: { field: 'group', type: 'nominal', title: null, header: { labelAngle: 0, labelOrient: 'top', labelAnchor: 'start', labelFontWeight: 'bold' } } },
    spec,
    resolve: { scale: { x: 'independent' } },
  } as TopLevelSpec;
}

export interface BarRow {
  group: string;
  bar: string;
  kind: 'native' | 'wasm';
  value: number;
  low: number | null;
  high: number | null;
  thesis: number | null;
}

export const seriesLabel = (name: string, kind: string) => (kind === 'native' ? `Linux (${name})` : `Wasm (${name})`);
/** `legend`: what the two colours are (by default the two kinds of container) */
export function barChartSpec(title: string, unit: string, rows: BarRow[], legend = { native: 'Linux container', wasm: 'Wasm container' }): TopLevelSpec {
  return facetedChart(title, rows, {
      width: 460,
      height: { step: 26 },
      layer: [
        {
          mark: { type: 'bar', height: { band: 0.7 } },
          encoding: {
            y: { field: 'bar', type: 'nominal', title: null, sort: null, axis: { labelLimit: 440 } },
            x: { field: 'value', type: 'quantitative', title: unit },
            color: { field: 'kind', type: 'nominal', scale: { domain: ['native', 'wasm'], range: ['#4c78a8', '#f58518'] }, legend: { title: null, labelExpr: `datum.label == 'native' ? '${legend.native}' : '${legend.wasm}'` } },
            tooltip: [{ field: 'bar' }, { field: 'value', format: '.4f' }, { field: 'low', format: '.4f' }, { field: 'high', format: '.4f' }],
          },
        },
        {
          mark: { type: 'rule', strokeWidth: 1.5, color: 'black' },
          transform: [{ filter: 'datum.low != null' }],
          encoding: { y: { field: 'bar', type: 'nominal', sort: null }, x: { field: 'low', type: 'quantitative' }, x2: { field: 'high' } },
        },
        {
          mark: { type: 'point', shape: 'diamond', filled: true, size: 70, color: '#54a24b' },
          transform: [{ filter: 'datum.thesis != null' }],
          encoding: { y: { field: 'bar', type: 'nominal', sort: null }, x: { field: 'thesis', type: 'quantitative' }, tooltip: [{ field: 'thesis', title: 'thesis' }] },
        },
      ],
  });
}

export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

export function svgToPng(svg: string, scale = 2): Buffer {
  const resvg = new Resvg(svg, { fitTo: { mode: 'zoom', value: scale }, background: 'white', font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' } });
  return resvg.render().asPng();
}
