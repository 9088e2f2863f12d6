// Loads pages of the served disclosure site in Debian's headless Chromium, fails on any console
// message, page error, failed request or HTTP error, and saves a full-page screenshot of each.
// Usage: node check.mjs BASE_URL OUT_DIR PATH...
import { chromium } from "playwright-core";

const [base, outDir, ...paths] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"],
});
const problems = [];
try {
  for (const path of paths) {
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 }, locale: "zh-CN" });
    page.on("console", (m) => problems.push(`${path}: console ${m.type()}: ${m.text()}`));
    page.on("pageerror", (e) => problems.push(`${path}: page error: ${e.message}`));
    page.on("requestfailed", (r) => problems.push(`${path}: request failed: ${r.url()}`));
    page.on("response", (r) => { if (r.status() >= 400) problems.push(`${path}: HTTP ${r.status()} for ${r.url()}`); });
    const response = await page.goto(base + path, { waitUntil: "load" });
    if (!response || response.status() !== 200) problems.push(`${path}: status ${response && response.status()}`);
    const title = await page.title();
    const h1 = await page.textContent("h1");
    const styled = await page.evaluate(() => getComputedStyle(document.querySelector("td, p")).fontFamily);
    console.log(JSON.stringify({ path, title, h1, styled }));
    const name = path === "/" ? "home" : path.replaceAll("/", "-").replace(/^-|-$/g, "");
    await page.screenshot({ path: `${outDir}/${name}.png`, fullPage: true });
    await page.close();
  }
} finally {
  await browser.close();
}
if (problems.length) {
  console.error(problems.join("\n"));
  process.exit(1);
}
