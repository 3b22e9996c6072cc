// A team manager corrects the record and prints a chronology; a worker asks
// for break-glass access; the administrator's pages, a role awaiting a
// second administrator's approval among them. axe-core scans each
// page, errors included (no serious or critical violations), and the print
// view is checked as paper: no menus or forms, the heading shown, the table
// within an A4 page.
//
// Runs `hearth demo` on a fresh database (see demo.mjs for the settings).

import { execFileSync } from "node:child_process";
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { axe, executablePath, freePort, startDemo, signInAs as signIn } from "./demo.mjs";

test("corrections, the printed chronology, break-glass and administration", { timeout: 300_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), "hearth-e2e-"));
  const port = await freePort();
  const { child: demo, out } = await startDemo(join(dir, "demo.db"), port);
  const base = `http://127.0.0.1:${port}`;
  const browser = await chromium.launch({ executablePath, args: ["--no-sandbox"] });
  try {
    // A child of sw1's, whose line manager is tm1 in the demo.
    // (A restricted record stays hidden from the manager: take the first
    // child the manager can open.)
    const worker = await signIn(browser, base, out, "sw1");
    const links = await worker.locator("table tbody tr a").evaluateAll((as) => as.map((a) => a.getAttribute("href")));
    const page = await signIn(browser, base, out, "tm1");
    let childUrl;
    for (const href of links) {
      if ((await page.goto(`${base}${href}`)).status() === 200) {
        childUrl = href;
        break;
      }
    }
    assert.ok(childUrl, "tm1 manages one of sw1's children");
    const laChildId = (await page.locator(".govuk-caption-l").first().innerText()).trim();
    // Two visits to correct, recorded with the child page's quick form.
    for (const views of ["First of two.", "Second of two."]) {
      await page.selectOption("#kind", "other");
      await page.fill("#child_views", views);
      await page.click("button:has-text('Record the visit')");
      await page.locator("#child_views").waitFor();
    }

    // The chronology offers a manager corrections.
    const visitsUrl = `${base}${childUrl}/chronology?kind=VisitMade`;
    await page.goto(visitsUrl);
    await page.getByRole("heading", { name: "Chronology" }).waitFor();
    const visits = page.locator("table tbody tr");
    const before = await visits.count();
    await axe(page, "chronology with corrections");

    // Amend: the form opens with the event's values; the reason is required.
    const first = visits.filter({ hasText: "First of two." });
    const was = (await first.locator("td").first().innerText()).trim();
    await first.getByRole("link", { name: /^Amend/ }).click();
    await page.getByRole("heading", { name: "Amend: Visit" }).waitFor();
    const [d, m, y] = await Promise.all(["#on", "#on-month", "#on-year"].map((b) => page.inputValue(b)));
    const on = `${y}-${m.padStart(2, "0")}-${d.padStart(2, "0")}`;
    assert.equal(
      new Date(`${on}T12:00:00Z`).toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" }),
      was,
    );
    assert.equal(await page.inputValue("#child_views"), "First of two.");
    await axe(page, "amend");
    await page.click("button:has-text('Amend the event')");
    await page.locator(".govuk-error-summary").waitFor();
    await axe(page, "amend with an error");
    await page.fill("#reason", "The child's views were cut short");
    await page.fill("#child_views", "Wants to see their brother more.");
    await page.click("button:has-text('Amend the event')");
    await page.getByRole("heading", { name: "Chronology" }).waitFor();
    await page.goto(visitsUrl);
    assert.equal(await visits.filter({ hasText: "Wants to see their brother more. (amended)" }).count(), 1);

    // Void, after a confirmation with a reason.
    await visits.filter({ hasText: "Second of two." }).getByRole("link", { name: /^Void/ }).click();
    await page.getByRole("heading", { name: "Void this event?" }).waitFor();
    await axe(page, "void");
    await page.fill("#reason", "Recorded twice");
    await page.click("button:has-text('Void the event')");
    await page.getByRole("heading", { name: "Chronology" }).waitFor();
    await page.goto(visitsUrl);
    assert.equal(await visits.count(), before - 1, "the voided visit is left out");

    // The print view, on screen and as paper.
    await page.click("a:has-text('Print view')");
    await page.getByRole("heading", { name: /^Chronology: / }).waitFor();
    await axe(page, "print view");
    assert.ok(await page.locator("[data-hearth-print]").isVisible(), "with JavaScript, a Print button");
    await page.setViewportSize({ width: 703, height: 1000 }); // A4 less the margins, at 96 dpi
    await page.emulateMedia({ media: "print" });
    for (const hidden of [".govuk-header", ".govuk-service-navigation", "form", "[data-hearth-print]", ".govuk-footer"]) {
      for (const el of await page.locator(hidden).all()) {
        assert.equal(await el.isVisible(), false, `${hidden} is not printed`);
      }
    }
    assert.ok(await page.locator(".hearth-print-heading").isVisible());
    const heading = await page.locator(".hearth-print-heading").innerText();
    assert.ok(heading.includes(`LA child id: ${laChildId}`) && heading.includes("Printed on"), heading);
    const fits = await page.evaluate(() => document.querySelector("table").scrollWidth <= document.documentElement.clientWidth);
    assert.ok(fits, "the table fits the width of an A4 page");
    await page.pdf({ path: process.env.HEARTH_PDF ?? "/tmp/hearth-chronology.pdf", format: "A4" });
    // The whole chronology on paper: every page names the child and says
    // which page it is of how many (checked in the PDF's own text).
    await page.goto(`${base}${childUrl}/chronology/print`);
    await page.getByRole("heading", { name: /^Chronology: / }).waitFor();
    const childName = (await page.getByRole("heading", { name: /^Chronology: / }).innerText()).replace(/^Chronology: /, "");
    const whole = process.env.HEARTH_PDF_WHOLE ?? "/tmp/hearth-chronology-whole.pdf";
    await page.pdf({ path: whole, format: "A4", preferCSSPageSize: true });
    const text = execFileSync("pdftotext", ["-layout", whole, "-"], { encoding: "utf8" });
    const pages = text.split("\f").filter((p) => p.trim() !== "");
    assert.ok(pages.length >= 1);
    pages.forEach((p, i) => {
      assert.ok(p.includes(`Page ${i + 1} of ${pages.length}`), `page ${i + 1} is numbered`);
      assert.ok(p.includes(childName), `page ${i + 1} names the child`);
    });
    await page.emulateMedia({ media: "screen" });
    await page.setViewportSize({ width: 1280, height: 720 });

    // The break-glass report.
    await page.goto(`${base}/break-glass/report`);
    await page.getByRole("heading", { name: "Break-glass report" }).waitFor();
    await axe(page, "break-glass report");

    // A worker asks for break-glass access; a short reason is refused.
    await worker.goto(`${base}/break-glass`);
    await worker.getByRole("heading", { name: "Break-glass access" }).waitFor();
    await axe(worker, "break-glass");
    await worker.fill("#child", laChildId);
    await worker.fill("#reason", "urgent");
    await worker.click("button:has-text('Open the record')");
    await worker.locator(".govuk-error-summary").waitFor();
    await axe(worker, "break-glass with an error");

    // The administrator's pages.
    const admin = await signIn(browser, base, out, "admin1");
    await admin.goto(`${base}/admin`);
    const change = await admin.locator("a:has-text('Change')").first().getAttribute("href");
    for (const [path, heading] of [
      ["/admin", "Administration"],
      ["/admin/users/new", "Add a user"],
      [change, /^Change /],
      ["/admin/teams/new", "Add a team"],
      ["/admin/bank-holidays", "Bank holidays"],
      ["/admin/timescales", "Timescale policy"],
      [`${change}/reset-password`, "Reset their password"],
      [`${change}/revoke-tokens`, "Revoke their API tokens"],
      [`${change}/deactivate`, "Deactivate the account"],
      ["/change-password", "Change your password"],
    ]) {
      await admin.goto(`${base}${path}`);
      await admin.getByRole("heading", { name: heading, level: 1 }).waitFor();
      await axe(admin, path);
    }
    await admin.goto(`${base}/admin/users/new`);
    await admin.click("button:has-text('Add the user')");
    await admin.locator(".govuk-error-summary").waitFor();
    await axe(admin, "add a user with errors");

    // A role that reads children waits for a second administrator: the
    // added page says so, and the request's page and the list show it.
    await admin.goto(`${base}/admin/users/new`);
    await admin.fill("#username", "e2e.auditor");
    await admin.fill("#display_name", "Ada Auditor");
    await admin.selectOption("#role", "auditor");
    await admin.click("button:has-text('Add the user')");
    await admin.getByRole("heading", { name: "User added" }).waitFor();
    await axe(admin, "user added, awaiting approval");
    await admin.click("a[href^='/admin/approvals/']");
    await admin.getByRole("heading", { name: "A role that can read children's records", level: 1 }).waitFor();
    await admin.locator("#not-yours").waitFor();
    await axe(admin, "a role awaiting approval");
    await admin.goto(`${base}/admin`);
    await admin.locator("#approvals").waitFor();
    await axe(admin, "administration with a role awaiting approval");
  } finally {
    await browser.close();
    demo.kill();
    rmSync(dir, { recursive: true, force: true });
  }
});
