import { describe, expect, it } from 'vitest';
import type { ReportResult } from '../../contracts/report';
import { chartOption, plotValue } from '../../contracts/report-chart';
import { cellText } from '../../designer/src/reports/report-cells';
import { filtersOf, missingFilter, periodProblem, reportPath } from '../../designer/src/reports/report-query';

const ROI_BY_CAMPAIGN: Pick<ReportResult, 'chart' | 'columns' | 'rows'> = {
  columns: [
    { key: 'campaign', label: 'Campaign', type: 'text' },
    { key: 'cost', label: 'Cost', type: 'money' },
    { key: 'roi', label: 'ROI', type: 'percent' },
    { key: 'romi', label: 'ROMI', type: 'percent' },
  ],
  rows: [
    { campaign: 'Spring', cost: '1200.00', roi: 0.255, romi: null },
    { campaign: 'Welcome', cost: '0.00', roi: null, romi: null },
  ],
  chart: { kind: 'bar', category: 'campaign', series: [{ key: 'roi', label: 'ROI' }, { key: 'romi', label: 'ROMI' }] },
};

describe('a report drawn as a chart', () => {
  it('draws one bar series per chart series, along the category column, ratios in percent and gaps where no ratio exists', () => {
    const option = chartOption(ROI_BY_CAMPAIGN) as { xAxis: { data: string[] }; series: { type: string; name: string; data: (number | null)[] }[]; yAxis: { axisLabel: { formatter: string } } };
    expect(option.xAxis.data).toEqual(['Spring', 'Welcome']);
    expect(option.series).toEqual([
      { type: 'bar', name: 'ROI', data: [25.5, null] },
      { type: 'bar', name: 'ROMI', data: [null, null] },
    ]);
    expect(option.yAxis.axisLabel.formatter).toBe('{value} %');
  });

  it('parses money strings for drawing only', () => {
    expect(plotValue('1200.50', 'money')).toBe(1200.5);
    expect(plotValue('n/a', 'money')).toBeNull();
    expect(cellText('1200.50', 'money')).toBe('1200.50');
    expect(cellText(0.255, 'percent')).toBe('25.5 %');
    expect(cellText(12345, 'integer')).toBe('12,345');
    expect(cellText(null, 'integer')).toBe('—');
  });

  it('makes a funnel of the first series, in the rows’ order', () => {
    const option = chartOption({
      columns: [{ key: 'node', label: 'Node', type: 'text' }, { key: 'members', label: 'Members', type: 'integer' }],
      rows: [{ node: 'audience', members: 100 }, { node: 'send', members: 80 }],
      chart: { kind: 'funnel', category: 'node', series: [{ key: 'members', label: 'Members' }] },
    }) as { series: { type: string; sort: string; data: { name: string; value: number }[] }[] };
    expect(option.series[0]?.type).toBe('funnel');
    expect(option.series[0]?.sort).toBe('none');
    expect(option.series[0]?.data).toEqual([{ name: 'audience', value: 100 }, { name: 'send', value: 80 }]);
  });

  it('draws nothing for a table-only report or one without rows', () => {
    expect(chartOption({ ...ROI_BY_CAMPAIGN, rows: [] })).toBeNull();
    expect(chartOption({ ...ROI_BY_CAMPAIGN, chart: { ...ROI_BY_CAMPAIGN.chart, kind: 'table' } })).toBeNull();
  });
});

describe('report filters in the address', () => {
  const funnel = { title: 'Funnel', filters: ['campaignId', 'runId'] as const, requires: ['campaignId'] as const };

  it('reads only the filters the report honours, so the API never refuses one it does not take', () => {
    const search = new URLSearchParams('campaignId=c1&from=2026-01-01&storeId=s1');
    expect(filtersOf(search, { filters: [...funnel.filters] })).toEqual({ campaignId: 'c1' });
    expect(filtersOf(search, { filters: ['campaignId', 'from', 'to', 'storeId'] })).toEqual({ campaignId: 'c1', from: '2026-01-01', storeId: 's1' });
  });

  it('writes a filtered report address and back', () => {
    const path = reportPath('cost-by-channel', { campaignId: 'c 1', from: '2026-01-01', to: undefined });
    expect(path).toBe('/reports/cost-by-channel?campaignId=c+1&from=2026-01-01');
    expect(filtersOf(new URL(path, 'http://x').searchParams, { filters: ['campaignId', 'from', 'to'] })).toEqual({ campaignId: 'c 1', from: '2026-01-01' });
  });

  it('asks for a campaign before reading a campaign-level report, and refuses a period ending before it starts', () => {
    const definition = { title: funnel.title, requires: [...funnel.requires] };
    expect(missingFilter(definition, {})).toMatch(/about one campaign/);
    expect(missingFilter(definition, { runId: 'r1' })).toBeNull();
    expect(missingFilter({ title: 'ROI by campaign', requires: [] }, {})).toBeNull();
    expect(periodProblem({ from: '2026-02-01', to: '2026-01-31' })).toMatch(/ends before/);
    expect(periodProblem({ from: '2026-02-01', to: '2026-02-01' })).toBeNull();
  });
});
