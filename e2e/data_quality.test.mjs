// The returns' data quality page: a performance analyst keeps Ofsted's
// list of providers (the synthetic area's own, from `hearth synth
// providers`), checks the whole authority's returns, narrows the findings
// to one rule and opens a child from them; a social worker sees the
// findings about their own children only, each of which opens, and may not
// upload a list. axe-core scans the page (no serious or critical
// violations).
//
// Runs `hearth demo` on a fresh database (see demo.mjs for the settings).

import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { axe, bin, executablePath, freePort, startDemo, signInAs as signIn } from "./demo.mjs";

test("the returns' data quality, by rule and by child", { timeout: 300_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), "hearth-e2e-"));
  const port = await freePort();
  const { child: demo, out } = await startDemo(join(dir, "demo.db"), port);
  const base = `http://127.0.0.1:${port}`;
  const browser = await chromium.launch({ executablePath, args: ["--no-sandbox"] });
  try {
    const analyst = await signIn(browser, base, out, "analyst1");
    await analyst.click("a:has-text('Returns data quality')");
    await analyst.waitForURL(`${base}/data-quality`);
    // Ofsted's list: none kept yet, then the synthetic area's own.
    assert.match(await analyst.locator("#file-hint").innerText(), /None kept yet/);
    const list = join(dir, "providers.xlsx");
    execFileSync(bin, ["synth", "providers", "--profile", "small", "--seed", "1", "--out", list], { stdio: "ignore" });
    await analyst.setInputFiles("#file", list);
    await analyst.click("button:has-text('Keep this list')");
    await analyst.waitForURL(`${base}/data-quality#providers`);
    assert.match(await analyst.locator("#file-hint").innerText(), /^In force: \d+ providers, kept /);
    await analyst.click("button:has-text('Check the whole authority now')");
    await analyst.waitForURL(/\/data-quality\?year=/);
    assert.match(await analyst.locator("#latest-check").innerText(), /^Checked on .* at an analyst's request: \d+ records read/);
    await axe(analyst, "data quality");
    // The area's placements are all made through its own providers: no
    // finding that a URN is not on the list.
    const codes = await analyst.locator("#by-rule tbody tr a").allInnerTexts();
    assert.ok(!codes.some((c) => c.trim().endsWith(" 1008")), codes.join(", "));

    // The synthetic authority has findings: the first rule narrows the list.
    const rules = analyst.locator("#by-rule tbody tr a");
    assert.ok((await rules.count()) > 0, "the check finds something in the synthetic returns");
    const rule = (await rules.first().innerText()).trim();
    const [, code] = rule.split(" ").slice(-2);
    await rules.first().click();
    await analyst.locator(".govuk-inset-text").waitFor();
    assert.match(await analyst.locator(".govuk-inset-text").innerText(), new RegExp(`rule ${code}`));
    const cells = await analyst.locator("#children tbody tr td:nth-child(2)").allInnerTexts();
    assert.ok(cells.length > 0);
    for (const c of cells) assert.ok(c.includes(code), `${c} is rule ${code}`);
    // A finding opens the child at the returns' checks.
    await analyst.locator("#children tbody tr a").first().click();
    await analyst.locator("#return-checks").waitFor();

    // A worker sees only their own children's findings, each of which opens.
    const worker = await signIn(browser, base, out, "sw1");
    await worker.goto(`${base}/data-quality`);
    assert.match(await worker.locator("#latest-check").innerText(), /^Checked on/);
    assert.equal(await worker.locator("button:has-text('Check the whole authority now')").count(), 0);
    assert.equal(await worker.locator("#file").count(), 0);
    const hrefs = await worker.locator("#children tbody tr a").evaluateAll((as) => as.map((a) => a.getAttribute("href")));
    for (const href of new Set(hrefs)) {
      const r = await worker.request.get(`${base}${href}`, { maxRedirects: 0 });
      assert.equal(r.status(), 200, href);
    }
    const theirs = Number((await worker.locator("#by-rule tbody tr td:nth-child(3)").allInnerTexts()).reduce((a, b) => a + Number(b), 0));
    const everyone = Number((await analyst.goto(`${base}/data-quality`), await analyst.locator("#by-rule tbody tr td:nth-child(3)").allInnerTexts()).reduce((a, b) => a + Number(b), 0));
    assert.ok(theirs < everyone, `the worker's ${theirs} findings are fewer than the authority's ${everyone}`);
    // Asking for a check is for analysts.
    // (From the page itself, so the request is same-origin.)
    const refused = await worker.evaluate(() =>
      fetch("/data-quality", { method: "POST", body: new URLSearchParams({ year: "2025-26" }), redirect: "manual" }).then((r) => r.status),
    );
    assert.equal(refused, 403);
  } finally {
    await browser.close();
    demo.kill();
    rmSync(dir, { recursive: true, force: true });
  }
});
