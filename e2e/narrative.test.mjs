// The worker's write-up, in a real browser with JavaScript off and the
// keyboard alone: a visit written up (line breaks and markup kept as
// typed, shown as text), an action for the worker that appears on their
// work page and leaves it once recorded done, and a search of case notes.
// axe-core scans each page, with scripts on (no serious or critical
// violations).
//
// Runs `hearth demo` (see demo.mjs for the settings).

import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { axe, executablePath, freePort, startDemo, tabTo, signInByKeyboard, signIn } from "./demo.mjs";

/** Chooses the option of select `id` whose text starts with `text`, by arrow keys. */
async function choose(page, id, text) {
  const options = await page.locator(`#${id} option`).allInnerTexts();
  const index = options.findIndex((o) => o.trim().startsWith(text));
  assert.ok(index > 0, `${text} is offered in #${id}: ${options}`);
  await tabTo(page, id);
  for (let i = 0; i < index; i += 1) await page.keyboard.press("ArrowDown");
  assert.ok((await page.locator(`#${id} option:checked`).innerText()).trim().startsWith(text));
}

/** Submits the form with the focus on its first field, by Enter on the button. */
async function submit(page, label) {
  const button = page.locator(`button:has-text('${label}')`);
  for (let i = 0; i < 300; i += 1) {
    if (await button.evaluate((b) => b === document.activeElement)) break;
    await page.keyboard.press("Tab");
  }
  await page.keyboard.press("Enter");
}

test("without JavaScript, by keyboard alone, a worker writes up a visit and agrees an action", { timeout: 300_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), "hearth-e2e-"));
  const port = await freePort();
  const { child: demo, out } = await startDemo(join(dir, "demo.db"), port);
  const password = out.match(/user: sw1 {2}role: social_worker {2}password: (\S+)/)[1];
  const base = `http://127.0.0.1:${port}`;
  const browser = await chromium.launch({ executablePath, args: ["--no-sandbox"] });
  try {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    await signInByKeyboard(page, base, "sw1", password);
    const me = (await page.locator(".hearth-signed-in strong").innerText()).trim();

    const href = await page.locator("table.hearth-caseload tbody tr a").first().getAttribute("href");
    const childUrl = `${base}${href}`;

    // A visit, written up.
    await page.goto(`${childUrl}/record?kind=VisitMade`);
    await choose(page, "visit", "Other");
    await tabTo(page, "seen_and_heard");
    await page.keyboard.type("Kitchen tidy, fridge stocked.");
    await page.keyboard.press("Enter");
    await page.keyboard.type("Drew a <b>bold</b> rainbow for me");
    await tabTo(page, "analysis");
    await page.keyboard.type("Things are steadier; keep weekly visits.");
    await submit(page, "Record");
    await page.waitForURL(/saved=event/);
    await page.goto(`${childUrl}/chronology`);
    const entry = page.locator("table tbody tr").filter({ hasText: "rainbow" });
    assert.equal(await entry.count(), 1, "the write-up is in the chronology");
    const text = await entry.innerText();
    assert.match(text, /What was seen and heard: Kitchen tidy, fridge stocked.\nDrew a <b>bold<\/b> rainbow/);
    assert.match(text, /Analysis: Things are steadier/);
    assert.equal(await entry.locator("b").count(), 0, "markup shown as text");
    await page.goto(`${childUrl}/chronology/print`);
    assert.match(await page.locator("table tbody").innerText(), /Drew a <b>bold<\/b> rainbow/);

    // An action for the worker, due next year: on their work page.
    await page.goto(`${childUrl}/record?kind=ActionAgreed`);
    await tabTo(page, "what");
    await page.keyboard.type("Ask the school about the rainbow club");
    await choose(page, "owner", me);
    const year = String(new Date().getUTCFullYear() + 1);
    await tabTo(page, "due");
    await page.keyboard.type("15");
    await tabTo(page, "due-month");
    await page.keyboard.type("1");
    await tabTo(page, "due-year");
    await page.keyboard.type(year);
    await submit(page, "Record");
    await page.waitForURL(/saved=event/);
    await page.goto(`${base}/my-work`);
    const action = page.locator("table.hearth-actions tbody tr").filter({ hasText: "rainbow club" });
    assert.equal(await action.count(), 1, "the action is on the work page");
    assert.match(await action.innerText(), new RegExp(`15 January ${year}`));

    // Recorded done from the work page: it leaves it.
    await page.goto(`${base}${await action.locator("a:has-text('Record it done')").getAttribute("href")}`);
    await choose(page, "action", "Ask the school about the rainbow club");
    await submit(page, "Record");
    await page.waitForURL(/saved=event/);
    await page.goto(`${base}/my-work`);
    assert.equal(await page.locator("table.hearth-actions tbody tr").filter({ hasText: "rainbow club" }).count(), 0);

    // The search of case notes finds the child.
    await page.goto(`${base}/search`);
    await tabTo(page, "q");
    await page.keyboard.type("rainbow");
    await tabTo(page, "in");
    await page.keyboard.press("ArrowRight");
    await page.keyboard.press("Enter");
    await page.waitForURL(/in=notes/);
    const found = page.locator("#search-results a");
    assert.ok((await found.count()) >= 1, "a child found by their case notes");
    assert.ok((await found.evaluateAll((as) => as.map((a) => a.getAttribute("href")))).includes(href));

    // axe-core needs scripts: the same pages scanned with them on.
    const scanning = await browser.newContext();
    const scan = await scanning.newPage();
    scan.setDefaultTimeout(20_000);
    await signIn(scan, base, "sw1", password);
    for (const [path, name] of [
      [`${href}/record?kind=VisitMade`, "record: visit"],
      [`${href}/record?kind=ActionAgreed`, "record: action"],
      [`${href}/chronology`, "chronology with a write-up"],
      ["/my-work", "my work"],
      ["/search?q=rainbow&in=notes", "search of case notes"],
    ]) {
      await scan.goto(`${base}${path}`);
      await axe(scan, name);
    }
  } finally {
    await browser.close();
    demo.kill();
    rmSync(dir, { recursive: true, force: true });
  }
});
