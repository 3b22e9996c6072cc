// Finding a child as you type: on /search, htmx asks for the results as the
// worker types and swaps in only the results region, without loading a new
// page; the address follows the query, so reloading or sharing it gives the
// same results as a whole page. The form still submits normally, axe-core
// finds nothing serious on the page before or after a swap, and the Content
// Security Policy is not breached.
//
// Runs `hearth demo` on a fresh database (see demo.mjs for the settings).

import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { axe, executablePath, freePort, startDemo, signIn } from "./demo.mjs";

test("search as you type updates the results without a page load", { timeout: 300_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), "hearth-e2e-"));
  const port = await freePort();
  const { child: demo, out } = await startDemo(join(dir, "demo.db"), port);
  const password = out.match(/user: sw1 {2}role: social_worker {2}password: (\S+)/)[1];
  const base = `http://127.0.0.1:${port}`;
  const browser = await chromium.launch({ executablePath, args: ["--no-sandbox"] });
  try {
    const context = await browser.newContext();
    const page = await context.newPage();
    const problems = [];
    page.on("console", (m) => {
      if (m.type() === "error") problems.push(m.text());
    });
    page.on("pageerror", (e) => problems.push(String(e)));

    await signIn(page, base, "sw1", password);

    // A child on sw1's caseload, found by family name.
    const name = (await page.locator("table tbody tr a").first().innerText()).trim();
    const family = name.split(/\s+/).pop();
    assert.ok(family.length >= 2, `a family name to type: ${name}`);

    await page.goto(`${base}/search`);
    await page.getByRole("heading", { name: "Find a child" }).waitFor();
    await axe(page, "search");

    // A mark on this document: a page load would lose it.
    await page.evaluate(() => {
      window.hearthSamePage = true;
    });

    // One letter: htmx asks, and the region says to keep typing.
    const first = page.waitForResponse(
      (r) => r.url().startsWith(`${base}/search?q=`) && r.request().headers()["hx-request"] === "true",
    );
    await page.locator("#q").pressSequentially(family.slice(0, 1), { delay: 50 });
    assert.equal((await first).status(), 422);
    await page.locator("#search-results").getByText("Keep typing").waitFor();

    // The rest of the name: the results arrive in the region.
    const query = (url) => new URL(url).searchParams.get("q");
    const answered = page.waitForResponse(
      (r) => query(r.url()) === family && r.request().headers()["hx-request"] === "true",
    );
    await page.locator("#q").pressSequentially(family.slice(1), { delay: 50 });
    const response = await answered;
    assert.equal(response.status(), 200);
    assert.doesNotMatch(await response.text(), /<html/, "the results region alone");
    const result = page.locator("#search-results a", { hasText: name });
    await result.first().waitFor();
    assert.match(await page.locator("#search-results h2").innerText(), /^\d+ children found$/);
    assert.match(await page.locator("#search-status").innerText(), /^\d+ children found$/);

    // No page load, and the address follows the query.
    assert.equal(await page.evaluate(() => window.hearthSamePage), true, "the same document");
    assert.equal(new URL(page.url()).pathname, "/search");
    assert.equal(query(page.url()), family);
    await axe(page, "search, results swapped in");

    // That address, loaded as a page, gives the same results.
    const swapped = await page.locator("#search-results ul").innerText();
    await page.reload();
    await page.getByRole("heading", { name: "Find a child" }).waitFor();
    assert.equal(await page.evaluate(() => window.hearthSamePage), undefined, "a new document");
    assert.equal(await page.locator("#search-results ul").innerText(), swapped);
    assert.equal(await page.inputValue("#q"), family);

    // The button still submits the form as a page.
    await page.fill("#q", name);
    await page.click("button:has-text('Search')");
    await page.waitForURL(/\/search\?q=/);
    await result.first().waitFor();
    await axe(page, "search, submitted");

    // The browser reports each non-2xx answer (the 422 above, the missing
    // favicon) as a console error; anything else, a CSP violation included,
    // is a problem.
    assert.deepEqual(
      problems.filter((p) => !/Failed to load resource: the server responded with a status of (404|422)/.test(p)),
      [],
      "no console errors or CSP violations",
    );
  } finally {
    await browser.close();
    demo.kill();
    rmSync(dir, { recursive: true, force: true });
  }
});
