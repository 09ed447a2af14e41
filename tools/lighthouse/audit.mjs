// Runs Lighthouse on a list of pages and writes one JSON report per page. tools/lighthouse/run.py
// calls it and judges the reports.
//
//   node audit.mjs '[{"url": "...", "output": ".../en-home-1.json"}, ...]'
//
// One Node process and one headless Chromium for the whole list: starting either costs seconds a
// page on a slow machine. Lighthouse still clears the browser's cache and the site's storage
// before every page (its default), so no page's warmed-up state helps the next one.
//
// CPU calibration (docs/lighthouse.md): Lighthouse simulates a mid-tier phone by multiplying the
// main-thread work it observed by `cpuSlowdownMultiplier`, 4 by default, which assumes a
// high-end desktop. Right before each page, this script measures the machine with Lighthouse's
// own benchmark (the `benchmarkIndex` every report records) and sets the multiplier the way
// Lighthouse's throttling documentation says to calibrate it: proportional to the benchmark, so
// that a machine of benchmarkIndex 1750 (the middle of the high-end desktop bracket) keeps the
// default 4x, a slower machine gets less, a faster one more, and never under 1x (no throttling
// is the floor: a machine as slow as the phone it emulates).
import fs from 'node:fs';

import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import {throttling} from 'lighthouse/core/config/constants.js';
import {pageFunctions} from 'lighthouse/core/lib/page-functions.js';
import puppeteer from 'puppeteer-core';

const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'];
// --no-sandbox: CI runs as root in a container, where Chromium's sandbox cannot start.
const CHROME_FLAGS = ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'];
// The benchmarkIndex of the phone Lighthouse's mobile preset emulates: a host in the middle of
// the high-end desktop bracket (1500-2000) divided by the default multiplier (4).
const TARGET_BENCHMARK_INDEX = 1750 / 4;

function calibratedMultiplier(benchmarkIndex) {
  return Math.max(1, Math.round((benchmarkIndex / TARGET_BENCHMARK_INDEX) * 10) / 10);
}

async function measureBenchmarkIndex(browser) {
  const tab = await browser.newPage();
  try {
    return await tab.evaluate(pageFunctions.computeBenchmarkIndex);
  } finally {
    await tab.close();
  }
}

async function audit(browser, port, url) {
  const benchmarkIndex = await measureBenchmarkIndex(browser);
  const cpuSlowdownMultiplier = calibratedMultiplier(benchmarkIndex);
  // The defaults otherwise: mobile form factor and screen, simulated throttling (slow 4G).
  // The full-page screenshot and the filmstrip are pictures for a human reader of the report;
  // nothing is scored from them, and they cost seconds a page.
  const result = await lighthouse(url, {
    port,
    output: 'json',
    logLevel: 'error',
    onlyCategories: CATEGORIES,
    throttling: {...throttling.mobileSlow4G, cpuSlowdownMultiplier},
    disableFullPageScreenshot: true,
    skipAudits: ['screenshot-thumbnails', 'final-screenshot'],
  });
  const report = JSON.parse(result.report);
  report.practiceCalibration = {benchmarkIndex, cpuSlowdownMultiplier};
  return report;
}

async function main() {
  const pages = JSON.parse(process.argv[2]);
  const chrome = await chromeLauncher.launch({
    chromePath: process.env.CHROME_PATH || '/usr/bin/chromium',
    chromeFlags: CHROME_FLAGS,
  });
  // Stopped from outside (CI's time limit): Chromium runs detached, so stop it here.
  process.once('SIGTERM', () => {
    chrome.kill().finally(() => process.exit(143));
  });
  const browser = await puppeteer.connect({
    browserURL: `http://127.0.0.1:${chrome.port}`,
    defaultViewport: null,
  });
  let failed = 0;
  try {
    for (const page of pages) {
      // A run Lighthouse could not record (NO_NAVSTART, NO_FCP on a starved machine) is tried
      // once more; a second failure is reported by run.py with Lighthouse's message.
      for (let attempt = 1; attempt <= 2; attempt += 1) {
        try {
          const report = await audit(browser, chrome.port, page.url);
          fs.writeFileSync(page.output, JSON.stringify(report));
          if (!report.runtimeError) break;
          console.error(`lighthouse: ${page.url}: ${report.runtimeError.code} (attempt ${attempt})`);
        } catch (error) {
          console.error(`lighthouse failed on ${page.url}: ${error.message} (attempt ${attempt})`);
          if (attempt === 2) failed += 1;
        }
      }
    }
  } finally {
    await browser.disconnect();
    await chrome.kill();
  }
  return failed;
}

process.exit((await main()) ? 1 : 0);
