import { BarChart, FunnelChart, LineChart, PieChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { init, use, type ECharts } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';

// Only the pieces the reports draw: the bundle carries these, not the whole of ECharts.
use([BarChart, LineChart, PieChart, FunnelChart, GridComponent, TooltipComponent, LegendComponent, CanvasRenderer]);

/**
 * ECharts in React, directly: the chart is made when the element mounts, given each new option
 * (replacing the old one, so a series that went away does not linger), resized with its box and
 * disposed of on unmount.
 */
export function EChart({ option, label, height = 320 }: { option: Record<string, unknown>; label: string; height?: number }) {
  const element = useRef<HTMLDivElement>(null);
  const chart = useRef<ECharts | null>(null);

  useEffect(() => {
    const box = element.current;
    if (!box) return;
    const instance = init(box);
    chart.current = instance;
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(box);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true });
  }, [option]);

  return <div ref={element} className="echart" role="img" aria-label={label} style={{ height }} />;
}
