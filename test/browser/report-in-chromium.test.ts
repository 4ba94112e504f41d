// Renders the HTML report of a fixture results directory in headless Chromium (Debian's, driven by
// playwright-core) and checks the charts are there, bar by bar. The screenshot is kept under
// test-artifacts/. Without Chromium the test fails and says how to install it.
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { loadCompare, loadResults, type LoadedResults } from '../../src/report/load-results.js';
import { buildReport, writeReport } from '../../src/report/write-report.js';

const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const launchOptions = {
  executablePath,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
};
/** Writes the report.html of these results, opens it in Chromium, checks it asked for nothing off the machine, and gives the page to `check`. */
async function inBrowser(results: LoadedResults[], check: (page: Page) => Promise<void>): Promise<void> {
  if (!existsSync(executablePath)) {
    throw new Error(`BROWSER TEST CANNOT RUN: no Chromium at ${executablePath}; install it with \`sudo scripts/provision-test-tools.sh\` or set CHROMIUM_PATH`);
  }
  const out = mkdtempSync(join(tmpdir(), 'dockerwasm-browser-'));
  await writeReport(await buildReport(results), out, ['html']);
  const browser = await chromium.launch(launchOptions);
  try {
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    const requests: string[] = [];
    page.on('request', (request) => requests.push(request.url()));
    await page.goto(`file://${join(out, 'report.html')}`);
    expect(requests.filter((url) => !url.startsWith('file://'))).toEqual([]);
    await check(page);
  } finally {
    await browser.close();
  }
}
const fixture = join(import.meta.dirname, '..', 'fixtures', 'results-linreg');
const artifacts = join(import.meta.dirname, '..', '..', 'test-artifacts');

describe('the HTML report in a browser', () => {
  it('shows every chart with one bar per variant, offline', async () => {
    const loaded = loadCompare(fixture);
    await inBrowser([loaded], async (page) => {
      const variants = loaded.env.variants.length;
      for (const chart of ['run-time', 'run-split', 'samples', 'build-time', 'image-size']) {
        await expect(page.locator(`#chart-${chart} svg`).count()).resolves.toBe(1);
      }
      // vega draws a bar mark as a path per datum inside a group with role "mark" and class "mark-rect"
      const runBars = await page.locator('#chart-run-time svg g.mark-rect path').count();
      expect(runBars).toBe(variants);
      const splitBars = await page.locator('#chart-run-split svg g.mark-rect path').count();
      expect(splitBars).toBe(variants * 4);
      const sizeBars = await page.locator('#chart-image-size svg g.mark-rect path').count();
      expect(sizeBars).toBe(loaded.env.images.length);
      const labels = await page.locator('#chart-run-time svg text').allTextContents();
      for (const variant of loaded.env.variants) expect(labels.join(' ')).toContain(variant.name);
      await expect(page.locator('h2', { hasText: 'Beside the thesis' }).count()).resolves.toBe(1);

      mkdirSync(artifacts, { recursive: true });
      await page.screenshot({ path: join(artifacts, 'report.png'), fullPage: true });
      expect(existsSync(join(artifacts, 'report.png'))).toBe(true);
    });
  });

  // a density and a standalone run's report: the same renderer, their own charts and tables
  it.each([
    ['results/sample-density/hello', ['density-throughput', 'density-latency', 'density-memory'], 'Method'],
    ['results/sample/runtimes-threads', ['table-7', 'table-8', 'table-9'], 'Beside the thesis'],
  ])('shows %s with its charts and tables, offline', async (dir, charts, heading) => {
    await inBrowser([loadResults(join(import.meta.dirname, '..', '..', dir))], async (page) => {
      for (const chart of charts) await expect(page.locator(`#chart-${chart} svg g.mark-rect path, #chart-${chart} svg g.mark-line path, #chart-${chart} svg g.mark-symbol path`).count()).resolves.toBeGreaterThan(0);
      await expect(page.locator('table').count()).resolves.toBeGreaterThan(0);
      await expect(page.locator('h2', { hasText: heading }).count()).resolves.toBe(1);
      mkdirSync(artifacts, { recursive: true });
      await page.screenshot({ path: join(artifacts, `report-${dir.split('/').at(-1)}.png`), fullPage: true });
    });
  });
});
