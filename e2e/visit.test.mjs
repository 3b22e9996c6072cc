// A social worker's morning, in a real browser: sign in, open the caseload,
// open a child, record a visit, see the clock met and the chronology entry;
// axe-core scans every page on the way (no serious or critical violations).
//
// Runs `hearth demo` (the small synthetic authority, two years) on a fresh
// database on a free loopback port. Needs:
//   HEARTH_BIN  the hearth binary (default ../target/debug/hearth)
//   CHROMIUM    Debian's chromium (default /usr/bin/chromium)

import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { axe, executablePath, freePort, startDemo, tabTo, signInByKeyboard } from "./demo.mjs";

/** The ISO date a GOV.UK date input holds. */
async function dateBoxes(page, id) {
  const [d, m, y] = await Promise.all(
    [id, `${id}-month`, `${id}-year`].map((box) => page.inputValue(`#${box}`)),
  );
  return `${y}-${m.padStart(2, "0")}-${d.padStart(2, "0")}`;
}

/** Where screenshots go (the test output). */
const shots = process.env.HEARTH_SHOTS ?? "/tmp";

/** "2026-12-04" as the pages write it: "4 December 2026". */
function inWords(iso) {
  return new Date(`${iso}T12:00:00Z`).toLocaleDateString("en-GB", {
    day: "numeric",
    month: "long",
    year: "numeric",
    timeZone: "UTC",
  });
}

test("a social worker records a visit and sees the clock met", { timeout: 300_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), "hearth-e2e-"));
  const port = await freePort();
  const { child: demo, out } = await startDemo(join(dir, "demo.db"), port);
  const password = out.match(/user: sw1 {2}role: social_worker {2}password: (\S+)/)[1];
  const base = `http://127.0.0.1:${port}`;
  const browser = await chromium.launch({ executablePath, args: ["--no-sandbox"] });
  try {
    const context = await browser.newContext();
    const page = await context.newPage();

    // 1. Sign in.
    await page.goto(`${base}/my-work`);
    assert.match(page.url(), /\/sign-in$/);
    await axe(page, "sign in");
    await page.fill("#username", "sw1");
    await page.fill("#password", password);
    await page.click("button[type=submit]");
    await page.waitForURL(`${base}/my-work`);

    // 2. The caseload.
    await assert.doesNotReject(page.getByRole("heading", { name: "My work" }).waitFor());
    const rows = page.locator("table tbody tr");
    assert.ok((await rows.count()) >= 10, "sw1 has a caseload");
    await axe(page, "my work");

    // 3. A looked-after child from the caseload.
    const looked = rows.filter({ hasText: "looked after" }).first();
    const name = (await looked.locator("a").innerText()).trim();
    await looked.locator("a").click();
    await page.getByRole("heading", { name }).waitFor();
    await axe(page, "child");
    await page.screenshot({ path: `${shots}/hearth-child.png`, fullPage: true });

    // 4. Record a visit, today, child seen alone.
    // The date boxes start on today.
    const today = await dateBoxes(page, "on");
    // The quick form starts on the visit a looked-after child needs.
    assert.equal(await page.inputValue("#kind"), "looked_after");
    await page.check("#child_seen");
    await page.check("#seen_alone");
    await page.fill("#child_views", "Says the placement feels settled.");
    await page.click("button:has-text('Record the visit')");
    await page.getByRole("heading", { name }).waitFor();

    // 5. Saved, a visit clock is met today (in the history of clocks met),
    // and the chronology has the visit; dates read as people write them.
    await page.getByText("The visit has been recorded").waitFor();
    const todayInWords = inWords(today);
    await page.locator("summary:has-text('Timescales met')").click();
    const metToday = page
      .locator("details table tbody tr")
      .filter({ hasText: "visit" })
      .filter({ hasText: todayInWords });
    assert.ok((await metToday.count()) >= 1, `a visit clock met on ${today}`);
    assert.match(await metToday.first().innerText(), /Met/);
    await page.click("a:has-text('Chronology')");
    await page.getByRole("heading", { name: "Chronology" }).waitFor();
    const entry = page.locator("table tbody tr").filter({ hasText: "Visit" }).filter({ hasText: todayInWords });
    assert.equal(await entry.count(), 1, "the visit is in the chronology");
    assert.match(await entry.innerText(), /Child seen alone/);
    await axe(page, "chronology");
    await page.screenshot({ path: `${shots}/hearth-chronology.png`, fullPage: true });

    // The forms for recording any event are accessible too.
    const childUrl = page.url().replace(/\/chronology.*$/, "");
    await page.goto(`${childUrl}/record`);
    await page.getByRole("heading", { name: "What do you want to record?" }).waitFor();
    await axe(page, "record: choose");
    await page.goto(`${childUrl}/record?kind=AssessmentAuthorised`);
    await page.getByRole("heading", { name: "Assessment authorised" }).waitFor();
    await axe(page, "record: assessment authorised");
    await page.screenshot({ path: process.env.HEARTH_SCREENSHOT ?? "/tmp/hearth-record.png", fullPage: false });

    // The cookie is the session cookie the design asks for.
    const [cookie] = await context.cookies();
    assert.equal(cookie.name, "__Host-hearth-session");
    assert.ok(cookie.secure && cookie.httpOnly && cookie.sameSite === "Lax");
  } finally {
    await browser.close();
    demo.kill();
    rmSync(dir, { recursive: true, force: true });
  }
});

test("without JavaScript, by keyboard alone, a worker records a visit", { timeout: 300_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), "hearth-e2e-"));
  const port = await freePort();
  const { child: demo, out } = await startDemo(join(dir, "demo.db"), port);
  const password = out.match(/user: sw1 {2}role: social_worker {2}password: (\S+)/)[1];
  const base = `http://127.0.0.1:${port}`;
  const browser = await chromium.launch({ executablePath, args: ["--no-sandbox"] });
  try {
    // Playwright's evaluate still runs with page scripts off; the page's own do not.
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await signInByKeyboard(page, base, "sw1", password);

    // The first looked-after child, reached from the caseload by keyboard.
    const link = page.locator("table tbody tr").filter({ hasText: "looked after" }).first().locator("a");
    const href = await link.getAttribute("href");
    await page.goto(`${base}${href}`);
    await tabTo(page, "on");
    await page.keyboard.press("Control+A");
    await page.keyboard.type("3");
    await tabTo(page, "on-month");
    await page.keyboard.press("Control+A");
    await page.keyboard.type("13"); // not a month: the form says so
    await tabTo(page, "child_seen");
    await page.keyboard.press("Space");
    await page.keyboard.press("Enter");
    await page.locator(".govuk-error-summary").waitFor();
    assert.match(await page.locator(".govuk-error-summary").innerText(), /Date of the visit must be a real date/);
    // What was typed is kept; put it right and send again.
    assert.equal(await page.inputValue("#on-month"), "13");
    await tabTo(page, "on-month");
    await page.keyboard.press("Control+A");
    await page.keyboard.type("1");
    await tabTo(page, "on-year");
    await page.keyboard.press("Control+A");
    await page.keyboard.type(String(new Date().getUTCFullYear()));
    await page.keyboard.press("Enter");
    await page.getByText("The visit has been recorded").waitFor();
  } finally {
    await browser.close();
    demo.kill();
    rmSync(dir, { recursive: true, force: true });
  }
});
