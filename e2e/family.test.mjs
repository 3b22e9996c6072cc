// A child's home, family and network in a real browser: the case summary's
// address, school and GP, the family tree drawn on the server beside the
// same people in a list (a brother or sister with a record linked to it),
// and the professionals around the child; axe-core finds no serious or
// critical violation. Then, by keyboard alone and without JavaScript, a
// worker adds a grandmother and sees her in the list and the tree.
//
// Needs HEARTH_BIN and CHROMIUM, as the other browser tests.

import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { axe, executablePath, freePort, startDemo, tabTo, signInByKeyboard, signIn } from "./demo.mjs";

const shots = process.env.HEARTH_SHOTS ?? "/tmp";

test("a child's family and network, and adding a relative by keyboard alone", { timeout: 300_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), "hearth-e2e-"));
  const port = await freePort();
  const { child: demo, out } = await startDemo(join(dir, "demo.db"), port);
  const password = out.match(/user: sw1 {2}role: social_worker {2}password: (\S+)/)[1];
  const base = `http://127.0.0.1:${port}`;
  const browser = await chromium.launch({ executablePath, args: ["--no-sandbox"] });
  try {
    // Without JavaScript: the page's own scripts do not run.
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await signInByKeyboard(page, base, "sw1", password);

    // A child on the caseload with a brother or sister who has a record.
    const hrefs = await page.locator("table tbody tr a[href^='/children/']").evaluateAll((as) =>
      as.map((a) => a.getAttribute("href")),
    );
    assert.ok(hrefs.length > 0, "sw1 has a caseload");
    let chosen = null;
    for (const href of hrefs.slice(0, 60)) {
      await page.goto(`${base}${href}`);
      const siblings = page.locator("#family ~ .govuk-grid-row ul a[href^='/children/']");
      if ((await siblings.count()) > 0) {
        chosen = href;
        break;
      }
    }
    assert.ok(chosen, "a child on the caseload has a brother or sister with a record");
    const summary = await page.locator(".govuk-summary-list").innerText();
    assert.match(summary, /Address/);
    assert.match(summary, /Lives with/);
    assert.match(summary, /GP/);
    const tree = page.locator("svg.app-family-tree");
    assert.equal(await tree.count(), 1, "the family tree is drawn without JavaScript");
    assert.equal(await tree.getAttribute("role"), "img");
    assert.match(await page.locator("#family-tree-title").textContent(), /Family tree/);
    assert.match(await page.locator("svg.app-family-tree").innerHTML(), /Mother/);
    assert.ok((await page.locator("caption:has-text('Professionals working with the child')").count()) === 1);
    await page.screenshot({ path: `${shots}/hearth-family.png`, fullPage: true });

    // The brother's or sister's record links back to this one.
    const sibling = await page
      .locator("#family ~ .govuk-grid-row ul a[href^='/children/']")
      .first()
      .getAttribute("href");
    await page.goto(`${base}${sibling}`);
    assert.ok(
      (await page.locator(`#family ~ .govuk-grid-row ul a[href='${chosen}']`).count()) === 1,
      "the link shows from both sides",
    );

    // By keyboard alone: add a grandmother.
    await page.goto(`${base}${chosen}`);
    await tabTo(page, "add-family-member");
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { name: "Family member" }).waitFor();
    await tabTo(page, "name");
    await page.keyboard.type("Rose Keyboard");
    await tabTo(page, "relationship");
    await page.keyboard.type("Grandparent");
    assert.equal(await page.inputValue("#relationship"), "grandparent");
    await tabTo(page, "name");
    await page.keyboard.press("Enter");
    await page.getByText("The event has been recorded").waitFor();
    assert.match(await page.locator("#family ~ .govuk-grid-row ul").first().innerText(), /Rose Keyboard, Grandparent/);
    assert.match(await tree.innerHTML(), /Rose Keyboard/);

    // The same page with scripts on, scanned by axe-core.
    const scanned = await (await browser.newContext()).newPage();
    await signIn(scanned, base, "sw1", password);
    await scanned.goto(`${base}${chosen}`);
    await axe(scanned, "child: family and network");
    await scanned.goto(`${base}${chosen}/record?kind=FamilyMemberRecorded`);
    await axe(scanned, "record: family member");
    await scanned.goto(`${base}${chosen}/record?kind=FamilyMemberEnded`);
    assert.match(await scanned.locator("#member").innerText(), /Rose Keyboard, grandparent/);
    await axe(scanned, "record: family member ended");
  } finally {
    await browser.close();
    demo.kill();
    rmSync(dir, { recursive: true, force: true });
  }
});
