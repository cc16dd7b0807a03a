// Runs pa11y (the HTML_CodeSniffer runner, WCAG 2 AA, as configured in pa11y.json) on every URL given,
// in one browser, and prints {url: [issue, ...]} as JSON. ATLAS_CHROMIUM overrides the browser's path.
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const pa11y = require("pa11y");
const puppeteer = require("puppeteer");

async function main(urls) {
  const config = JSON.parse(fs.readFileSync(path.join(__dirname, "pa11y.json"), "utf8"));
  const launch = { ...config.chromeLaunchConfig };
  if (process.env.ATLAS_CHROMIUM) launch.executablePath = process.env.ATLAS_CHROMIUM;
  const browser = await puppeteer.launch(launch);
  const found = {};
  try {
    for (const url of urls) {
      const page = await browser.newPage();
      const result = await pa11y(url, { ...config, chromeLaunchConfig: launch, browser, page });
      found[url] = result.issues;
      await page.close();
    }
  } finally {
    await browser.close();
  }
  process.stdout.write(JSON.stringify(found, null, 1) + "\n");
}

main(process.argv.slice(2)).catch((error) => {
  console.error(error);
  process.exit(2);
});
