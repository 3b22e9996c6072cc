// On a phone, 390 pixels wide: the caseload's key columns (the child, what
// is due and how much is overdue) and the chronology's (the date and what
// happened) are on screen without scrolling sideways. Then the managers'
// and the IRO's pages: the team page with a worker's overdue children
// opened, an allocation refused and its address opened again, who has looked at a record
// (paged and filtered), and an IRO's reviews. axe-core scans each page.
// Screenshots go to HEARTH_SCREENSHOTS (default: a folder in the system's
// temporary directory, printed at the end).
//
// Runs `hearth demo` on a fresh database (see demo.mjs for the settings).

import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { axe, executablePath, freePort, startDemo, signInAs as signIn } from "./demo.mjs";

const WIDTH = 390;
const shots = process.env.HEARTH_SCREENSHOTS ?? join(tmpdir(), "hearth-e2e-screenshots");

/** Every element `selector` finds lies within the viewport's width. */
async function allOnScreen(page, selector, what) {
  const boxes = await page.locator(selector).evaluateAll((els) =>
    els.map((el) => {
      const r = el.getBoundingClientRect();
      return { left: r.left, right: r.right, width: r.width, text: el.innerText.slice(0, 40) };
    }),
  );
  assert.ok(boxes.length > 0, `${what}: nothing found by ${selector}`);
  for (const b of boxes) {
    assert.ok(b.left >= 0 && b.right <= WIDTH && b.width > 0, `${what} off screen at ${WIDTH}px: ${JSON.stringify(b)}`);
  }
}

async function noSidewaysScroll(page, what) {
  const { scroll, client, wide } = await page.evaluate(() => {
    const client = document.documentElement.clientWidth;
    // The innermost elements that stick out, to name in a failure.
    const wide = [...document.querySelectorAll("body *")]
      .filter((el) => el.getBoundingClientRect().right > client && el.children.length === 0)
      .slice(0, 5)
      .map((el) => `${el.tagName.toLowerCase()}.${el.className}: ${el.textContent.trim().slice(0, 40)}`);
    return { scroll: document.documentElement.scrollWidth, client, wide };
  });
  assert.ok(scroll <= client, `${what}: the page scrolls sideways (${scroll} > ${client}): ${wide.join("; ")}`);
}

test("key columns fit a phone; the team, access log and IRO pages", { timeout: 300_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), "hearth-e2e-"));
  mkdirSync(shots, { recursive: true });
  const port = await freePort();
  const { child: demo, out } = await startDemo(join(dir, "demo.db"), port);
  const base = `http://127.0.0.1:${port}`;
  const browser = await chromium.launch({ executablePath, args: ["--no-sandbox"] });
  const phone = { width: WIDTH, height: 844 };
  try {
    // The caseload on a phone.
    const worker = await signIn(browser, base, out, "sw1", phone);
    await worker.getByRole("heading", { name: "My work" }).waitFor();
    const rows = worker.locator("table.hearth-caseload tbody tr");
    assert.ok((await rows.count()) > 0, "sw1 has a caseload");
    await noSidewaysScroll(worker, "my work");
    for (const n of [1, 3, 4]) {
      // The child (name and id), the next due, the overdue count.
      await allOnScreen(worker, `table.hearth-caseload tbody td:nth-child(${n})`, `my work column ${n}`);
    }
    await allOnScreen(worker, "table.hearth-caseload tbody td:nth-child(1) a", "the child's name");
    // A name wraps between its words, never inside one.
    const broken = await worker.locator("table.hearth-caseload tbody td:nth-child(1) a").evaluateAll((as) =>
      as.filter((a) => a.getClientRects().length > a.innerText.trim().split(/\s+/).length).map((a) => a.innerText),
    );
    assert.deepEqual(broken, [], "names broken inside a word");
    assert.equal(await worker.locator("table.hearth-caseload tbody td:nth-child(2)").first().isVisible(), false, "the stage column gives way");
    assert.ok(await worker.locator("table.hearth-caseload tbody td:nth-child(1) .hearth-narrow-only").first().isVisible(), "the stage is under the name");
    await worker.screenshot({ path: join(shots, "my-work-390.png"), fullPage: true });
    await axe(worker, "my work at 390px");

    // A child's chronology on a phone, as a manager (who has corrections).
    const href = await rows.first().locator("a").first().getAttribute("href");
    const manager = await signIn(browser, base, out, "tm1", phone);
    const links = await rows.locator("a").evaluateAll((as) => as.map((a) => a.getAttribute("href")));
    let childUrl;
    for (const h of [href, ...links]) {
      if ((await manager.goto(`${base}${h}/chronology`)).status() === 200) {
        childUrl = h;
        break;
      }
    }
    assert.ok(childUrl, "tm1 manages one of sw1's children");
    await manager.getByRole("heading", { name: "Chronology" }).waitFor();
    assert.ok((await manager.locator("table.hearth-chronology tbody tr").count()) > 0, "a chronology with entries");
    await noSidewaysScroll(manager, "chronology");
    await allOnScreen(manager, "table.hearth-chronology tbody td.hearth-chronology__date", "the chronology's dates");
    await allOnScreen(manager, "table.hearth-chronology tbody td.hearth-chronology__detail", "what happened");
    const widths = await manager.locator("table.hearth-chronology tbody tr").first().evaluate((tr) => ({
      date: tr.querySelector(".hearth-chronology__date").getBoundingClientRect().width,
      detail: tr.querySelector(".hearth-chronology__detail").getBoundingClientRect().width,
    }));
    assert.ok(widths.detail > 1.5 * widths.date, `what happened has the room: ${JSON.stringify(widths)}`);
    const detail = manager.locator("table.hearth-chronology tbody td.hearth-chronology__detail").first();
    assert.ok(await detail.locator(".hearth-narrow-only").first().isVisible(), "the kind of event is in the detail");
    assert.ok(await detail.getByRole("link", { name: /^Void/ }).isVisible(), "corrections are still offered");
    await manager.screenshot({ path: join(shots, "chronology-390.png"), fullPage: true });
    await axe(manager, "chronology at 390px");

    // Wide again: the columns are back, the narrow copies hidden.
    await manager.setViewportSize({ width: 1280, height: 900 });
    assert.ok(await manager.locator("table.hearth-chronology th:has-text('Event')").isVisible());
    assert.equal(await detail.locator(".hearth-narrow-only").first().isVisible(), false);

    // The team page: a worker's overdue children open from their row,
    // without JavaScript's help (a <details> element).
    await manager.goto(`${base}/my-work`);
    await manager.click("a[href^='/teams/']");
    await manager.locator("h1").waitFor();
    const team = manager.url();
    const opener = manager.locator("details[id^='overdue-'] summary").first();
    if ((await opener.count()) > 0) {
      await opener.click();
      const first = manager.locator("details[id^='overdue-'][open] a[href^='/children/']").first();
      assert.ok(await first.isVisible(), "the overdue children are listed, linked");
    }
    await manager.screenshot({ path: join(shots, "team.png"), fullPage: true });
    await axe(manager, "team page");

    // An allocation refused keeps what was typed; reloading its address
    // goes back to the team page.
    await manager.fill("#child", "nosuch1");
    await manager.click("button:has-text('Allocate')");
    await manager.locator(".govuk-error-summary").waitFor();
    assert.equal(await manager.inputValue("#child"), "nosuch1");
    await axe(manager, "team page with an error");
    // (The address, opened again: a GET, not the form sent again.)
    assert.ok(manager.url().endsWith("/allocations"), manager.url());
    await manager.goto(manager.url());
    assert.equal(manager.url(), team, "opening the address again goes back to the team page");

    // Who has looked at the record: paged, filtered by person.
    await manager.goto(`${base}${childUrl}/access`);
    await manager.getByRole("heading", { name: "Who has looked at this record" }).waitFor();
    assert.match(await manager.locator("#shown").innerText(), /^Showing 1 to \d+ of \d+/);
    await axe(manager, "who has looked at this record");
    await manager.selectOption("#action", "view_child");
    await manager.click("button:has-text('Filter')");
    await manager.locator("#shown").waitFor();
    for (const cell of await manager.locator("table tbody td:nth-child(3)").allInnerTexts()) {
      assert.equal(cell, "Opened the record");
    }
    await axe(manager, "who has looked at this record, filtered");

    // An IRO's work: the children they review.
    const iro = await signIn(browser, base, out, "iro1", phone);
    await iro.locator("#reviews").waitFor();
    assert.ok((await iro.locator("table.hearth-reviews tbody tr").count()) > 0, "iro1 reviews children");
    await noSidewaysScroll(iro, "an IRO's reviews");
    await allOnScreen(iro, "table.hearth-reviews tbody td:nth-child(1) a", "the child reviewed");
    await allOnScreen(iro, "table.hearth-reviews tbody td:nth-child(2)", "the next review");
    await iro.screenshot({ path: join(shots, "reviews-390.png"), fullPage: true });
    await axe(iro, "an IRO's reviews");

    // Break-glass with nothing filled in: every problem at once.
    await iro.goto(`${base}/break-glass`);
    await iro.click("button:has-text('Open the record')");
    await iro.locator(".govuk-error-summary").waitFor();
    const problems = await iro.locator(".govuk-error-summary__list a").evaluateAll((as) => as.map((a) => a.getAttribute("href")));
    assert.deepEqual(problems, ["#child", "#reason"], "the time has a default; the rest are named together");
    await axe(iro, "break-glass with every problem");
    console.log(`screenshots in ${shots}`);
  } finally {
    await browser.close();
    demo.kill();
    rmSync(dir, { recursive: true, force: true });
  }
});
