import { describe, expect, it } from 'vitest';
import { renderBarChart } from '../../../server/gradebook/svg-charts.js';

describe('renderBarChart', () => {
  const chart = {
    id: 'chart-x',
    title: 'Pass rate <of> "tests" & more',
    description: 'One bar per test.',
    categories: ['<script>alert(1)</script>', 'Host & port'],
    values: [0.5, 1],
    xName: 'Pass rate',
    yName: '',
    horizontal: true,
    percent: true,
  };

  it('labels the SVG for screen readers with an escaped title and description', () => {
    const svg = renderBarChart(chart);
    expect(svg.startsWith('<svg role="img" aria-labelledby="chart-x-title chart-x-desc" ')).toBe(true);
    expect(svg).toContain('<title id="chart-x-title">Pass rate &lt;of&gt; &quot;tests&quot; &amp; more</title><desc id="chart-x-desc">One bar per test.</desc>');
  });

  it('never lets category names through as markup', () => {
    const svg = renderBarChart(chart);
    expect(svg).not.toContain('<script>');
    expect(svg).toContain('&lt;script&gt;');
  });

  it('shows shares as percent', () => {
    expect(renderBarChart(chart)).toContain('50%');
  });
});
