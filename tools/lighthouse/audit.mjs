// Runs Lighthouse on a list of pages, each in a fresh headless Chromium, and writes one JSON
// report per page. tools/lighthouse/run.py calls it and judges the reports.
//
//   node audit.mjs '[{"url": "...", "output": ".../en-home-1.json"}, ...]'
//
// One Node process for the whole list: Lighthouse then loads its configuration and audits once,
// which saves several seconds a page on a slow machine. Chromium is still started afresh for
// every page, so no page's cache, storage or warmed-up state helps the next one.
import fs from 'node:fs';

import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';

const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'];
// --no-sandbox: CI runs as root in a container, where Chromium's sandbox cannot start.
const CHROME_FLAGS = ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'];

const pages = JSON.parse(process.argv[2]);
let failed = 0;
for (const page of pages) {
  const chrome = await chromeLauncher.launch({
    chromePath: process.env.CHROME_PATH || '/usr/bin/chromium',
    chromeFlags: CHROME_FLAGS,
  });
  try {
    // The defaults: mobile form factor and screen, simulated throttling (slow 4G, 4x CPU).
    const result = await lighthouse(page.url, {
      port: chrome.port,
      output: 'json',
      logLevel: 'error',
      onlyCategories: CATEGORIES,
    });
    fs.writeFileSync(page.output, result.report);
  } catch (error) {
    failed += 1;
    console.error(`lighthouse failed on ${page.url}: ${error.message}`);
  } finally {
    await chrome.kill();
  }
}
process.exit(failed ? 1 : 0);
