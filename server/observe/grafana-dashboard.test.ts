import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { createMetrics, METRIC_NAMES } from './metrics.js'

// docs/grafana-dashboard.json is what an operator imports: valid JSON, and every series it plots one the proxy exports.

describe('docs/grafana-dashboard.json', () => {
  it('is valid JSON whose queries use only series names the proxy exports', async () => {
    const dashboard = JSON.parse(readFileSync(new URL('../../docs/grafana-dashboard.json', import.meta.url), 'utf8')) as {
      panels: Array<{ title: string; targets: Array<{ expr: string }> }>
    }
    const metrics = createMetrics()
    // Everything the registry names (histograms as their _bucket, _sum and _count series), default metrics included.
    const exported = new Set<string>()
    for (const m of await metrics.registry.getMetricsAsJSON()) {
      exported.add(m.name)
      if (String(m.type) === 'histogram') for (const s of ['_bucket', '_sum', '_count']) exported.add(m.name + s)
    }
    const functions = new Set(['sum', 'by', 'rate', 'increase', 'histogram_quantile', 'max', 'le'])
    const used = new Set<string>()
    for (const panel of dashboard.panels) {
      expect(panel.targets.length, panel.title).toBeGreaterThan(0)
      for (const { expr } of panel.targets) {
        // Identifiers outside label matchers, label lists and durations: the series names.
        const bare = expr
          .replace(/\{[^}]*\}/g, '')
          .replace(/\b(by|without)\s*\([^)]*\)/g, '')
          .replace(/\[[^\]]*\]/g, '')
        for (const word of bare.match(/[a-zA-Z_:][a-zA-Z0-9_:]*/g) ?? []) if (!functions.has(word)) used.add(word)
      }
    }
    expect([...used].filter((name) => !exported.has(name))).toEqual([])
    // It shows every series of the proxy's own.
    for (const name of METRIC_NAMES)
      expect(
        [...used].some((u) => u.startsWith(name)),
        name,
      ).toBe(true)
  })
})
