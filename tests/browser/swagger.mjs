// Swagger UI in Debian's headless Chromium: every operation is listed, and "Try it out" works
// for a read and, after Authorize with a bearer token, for a write.
// Usage: node swagger.mjs BASE_URL TOKEN OUT_DIR
import { chromium } from "playwright-core";

const [base, token, outDir] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"],
});
const fail = (message) => { console.error(message); process.exitCode = 1; };
try {
  const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  const failed = [];
  page.on("requestfailed", (r) => failed.push(r.url()));
  await page.goto(base + "/swagger-ui/", { waitUntil: "load" });
  await page.waitForSelector(".opblock");
  const operations = await page.locator(".opblock").count();
  console.log(JSON.stringify({ operations }));

  // A read: GET /units.
  const list = page.locator("#operations-units-list_units");
  await list.locator(".opblock-summary").click();
  await list.locator(".try-out__btn").click();
  await list.locator(".execute").click();
  const listStatus = (await list.locator(".live-responses-table tr.response .response-col_status").first().textContent()).trim();
  console.log(JSON.stringify({ read: listStatus }));
  if (listStatus !== "200") fail(`GET /units answered ${listStatus}`);

  // A write with the token: publish revision 1 of 2021 again (idempotent).
  await page.locator(".btn.authorize").first().click();
  await page.locator(".auth-container input").first().fill(token);
  await page.locator(".auth-container .btn.modal-btn.auth").first().click();
  await page.locator(".btn-done").first().click();
  const publish = page.locator("#operations-revisions-publish");
  await publish.locator(".opblock-summary").click();
  await publish.locator(".try-out__btn").click();
  await publish.locator('input[placeholder="unit"]').fill("quwo-eco-env");
  await publish.locator('input[placeholder="year"]').fill("2021");
  await publish.locator('input[placeholder="n"]').fill("1");
  await publish.locator(".execute").click();
  const writeStatus = (await publish.locator(".live-responses-table tr.response .response-col_status").first().textContent()).trim();
  console.log(JSON.stringify({ write: writeStatus }));
  if (writeStatus !== "200") fail(`the authorized publish answered ${writeStatus}`);
  await page.screenshot({ path: `${outDir}/swagger-ui.png`, fullPage: false });
  if (failed.length) fail(`failed requests: ${failed.join(", ")}`);
} finally {
  await browser.close();
}
