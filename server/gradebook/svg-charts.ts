/**
 * Bar charts as inline SVG, drawn on the server with echarts' string renderer, so the analytics
 * page needs no script. echarts does not label the SVG it returns, so each chart gets a `<title>`
 * and `<desc>` and `role="img"` here; the page puts the same numbers in a table next to it.
 */
import * as echarts from 'echarts';
import { escapeHtml } from '../escape-html.js';

export interface BarChart {
  /** Unique on the page: used for the ids the SVG's label points at. */
  id: string;
  title: string;
  /** One sentence on what the chart shows, for screen readers. */
  description: string;
  categories: string[];
  values: number[];
  xName: string;
  yName: string;
  /** Horizontal bars, for long category names. */
  horizontal?: boolean;
  /** Values are shares from 0 to 1, shown as percent. */
  percent?: boolean;
}

const WIDTH = 720;
const BAR_HEIGHT = 26;
const PLAIN_HEIGHT = 320;

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

export function renderBarChart(chart: BarChart): string {
  const height = chart.horizontal ? Math.max(160, 80 + chart.categories.length * BAR_HEIGHT) : PLAIN_HEIGHT;
  const instance = echarts.init(null, null, { renderer: 'svg', ssr: true, width: WIDTH, height });
  const values = chart.percent ? chart.values.map((value) => Math.round(value * 1000) / 10) : chart.values;
  const categoryAxis = {
    type: 'category' as const,
    data: chart.horizontal ? chart.categories.map((name) => truncate(name, 48)) : chart.categories,
    name: chart.xName,
    nameLocation: 'middle' as const,
    nameGap: chart.horizontal ? 0 : 40,
    // The horizontal chart lists its tests top to bottom in the order given.
    inverse: chart.horizontal === true,
    axisLabel: { interval: 0, rotate: !chart.horizontal && chart.categories.length > 12 ? 45 : 0 },
  };
  const valueAxis = {
    type: 'value' as const,
    name: chart.yName,
    minInterval: chart.percent ? 0 : 1,
    ...(chart.percent ? { max: 100, axisLabel: { formatter: '{value}%' } } : {}),
  };
  try {
    instance.setOption({
      animation: false,
      grid: { left: chart.horizontal ? 300 : 60, right: 40, top: 40, bottom: chart.horizontal ? 30 : 70 },
      xAxis: chart.horizontal ? valueAxis : categoryAxis,
      yAxis: chart.horizontal ? { ...categoryAxis, name: '' } : valueAxis,
      series: [{ type: 'bar', data: values, itemStyle: { color: '#2f5d9e' }, label: { show: true, position: chart.horizontal ? 'right' : 'top', ...(chart.percent ? { formatter: '{c}%' } : {}) } }],
    });
    const svg = instance.renderToSVGString();
    const label = `<title id="${chart.id}-title">${escapeHtml(chart.title)}</title><desc id="${chart.id}-desc">${escapeHtml(chart.description)}</desc>`;
    return svg.replace(/^<svg /, `<svg role="img" aria-labelledby="${chart.id}-title ${chart.id}-desc" `).replace(/^(<svg[^>]*>)/, `$1${label}`);
  } finally {
    instance.dispose();
  }
}
