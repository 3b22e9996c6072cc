// Attaching a document in a real browser: a program renamed to look like a
// PDF is refused with a message against the file field, then a PDF is
// attached, listed on the child's page and in the chronology, and
// downloads as the bytes sent. Once with axe-core scanning every page, and
// once without JavaScript, by keyboard alone.
//
// Runs `hearth demo` on a fresh database on a free loopback port (see
// demo.mjs for HEARTH_BIN and CHROMIUM).

import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { axe, executablePath, freePort, signIn, signInByKeyboard, startDemo, tabTo } from "./demo.mjs";

/** The files a worker might choose: a real PDF and a renamed program. */
function files(dir) {
  const pdf = join(dir, "Signed plan.pdf");
  writeFileSync(pdf, "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");
  const program = join(dir, "plan.pdf");
  writeFileSync(program, Buffer.concat([Buffer.from("MZ\x90\x00\x03\x00\x00\x00", "latin1"), Buffer.alloc(200)]));
  return { pdf, program };
}

/** Signs in as sw1 and opens the attach page of the first child on the caseload. */
async function attachPage(page, base, password, keyboard) {
  await (keyboard ? signInByKeyboard : signIn)(page, base, "sw1", password);
  const link = page.locator("table tbody tr").first().locator("a").first();
  const child = await link.getAttribute("href");
  await page.goto(`${base}${child}`);
  return child;
}

test("a worker attaches a signed plan; a renamed program is refused", { timeout: 300_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), "hearth-e2e-"));
  const { pdf, program } = files(dir);
  const port = await freePort();
  const { child: demo, out } = await startDemo(join(dir, "demo.db"), port);
  const password = out.match(/user: sw1 {2}role: social_worker {2}password: (\S+)/)[1];
  const base = `http://127.0.0.1:${port}`;
  const browser = await chromium.launch({ executablePath, args: ["--no-sandbox"] });
  try {
    const context = await browser.newContext({ acceptDownloads: true });
    const page = await context.newPage();
    const child = await attachPage(page, base, password, false);
    await page.getByRole("heading", { name: "Documents" }).waitFor();
    await page.click("a:has-text('Attach a document')");
    await page.getByRole("heading", { name: "Attach a document" }).waitFor();
    await axe(page, "attach a document");

    // A program named plan.pdf.
    await page.fill("#title", "Child protection plan, signed");
    await page.check("#document");
    await page.setInputFiles("#file", program);
    await page.click("button:has-text('Attach the document')");
    await page.locator(".govuk-error-summary").waitFor();
    assert.match(await page.locator(".govuk-error-summary").innerText(), /The selected file is a program/);
    assert.match(await page.locator("#file-error").innerText(), /programs cannot be attached/);
    assert.equal(await page.inputValue("#title"), "Child protection plan, signed");
    await axe(page, "attach a document: refused");
    // The summary's link takes the focus to the file field.
    await page.click(".govuk-error-summary a");
    assert.equal(await page.evaluate(() => document.activeElement?.id), "file");

    // The real plan.
    await page.setInputFiles("#file", pdf);
    await page.click("button:has-text('Attach the document')");
    await page.getByText("The document has been attached").waitFor();
    const row = page.locator("table tbody tr").filter({ hasText: "Child protection plan, signed" });
    assert.equal(await row.count(), 1, "listed on the child's page");
    assert.match(await row.innerText(), /Plan/);
    assert.match(await row.innerText(), /PDF, \d+ bytes/);
    await axe(page, "child with a document");

    // Downloaded as sent.
    const [download] = await Promise.all([page.waitForEvent("download"), row.locator("a").click()]);
    assert.equal(download.suggestedFilename(), "Signed plan.pdf");
    const saved = join(dir, "downloaded.pdf");
    await download.saveAs(saved);
    assert.deepEqual(readFileSync(saved), readFileSync(pdf));

    // In the chronology, with its link.
    await page.goto(`${base}${child}/chronology`);
    const entry = page.locator("table tbody tr").filter({ hasText: "Document attached" });
    assert.equal(await entry.count(), 1, "in the chronology");
    assert.match(await entry.innerText(), /Child protection plan, signed/);
    assert.equal(await entry.locator("a:has-text('Download the document')").count(), 1);
    await axe(page, "chronology with a document");
  } finally {
    await browser.close();
    demo.kill();
    rmSync(dir, { recursive: true, force: true });
  }
});

test("without JavaScript, by keyboard alone, a worker attaches a document", { timeout: 300_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), "hearth-e2e-"));
  const { pdf } = files(dir);
  const port = await freePort();
  const { child: demo, out } = await startDemo(join(dir, "demo.db"), port);
  const password = out.match(/user: sw1 {2}role: social_worker {2}password: (\S+)/)[1];
  const base = `http://127.0.0.1:${port}`;
  const browser = await chromium.launch({ executablePath, args: ["--no-sandbox"] });
  try {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    const child = await attachPage(page, base, password, true);
    await page.goto(`${base}${child}/attachments`);
    // Sent with nothing filled in: each field says what it needs.
    await tabTo(page, "title");
    await page.keyboard.press("Enter");
    await page.locator(".govuk-error-summary").waitFor();
    const summary = await page.locator(".govuk-error-summary").innerText();
    assert.match(summary, /Enter a title for the document/);
    assert.match(summary, /Select the kind of document/);
    assert.match(summary, /Select a file/);

    await tabTo(page, "title");
    await page.keyboard.type("Letter to parents after the conference");
    await tabTo(page, "document");
    // Arrow keys move through the radios: the second is a letter.
    await page.keyboard.press("ArrowDown");
    assert.equal(await page.evaluate(() => document.activeElement?.id), "document-letter");
    // A file chooser is the operating system's; the test hands it the file.
    await tabTo(page, "file");
    await page.setInputFiles("#file", pdf);
    await tabTo(page, "title");
    await page.keyboard.press("Enter");
    await page.getByText("The document has been attached").waitFor();
    const row = page.locator("table tbody tr").filter({ hasText: "Letter to parents after the conference" });
    assert.equal(await row.count(), 1);
    assert.match(await row.innerText(), /Letter/);
  } finally {
    await browser.close();
    demo.kill();
    rmSync(dir, { recursive: true, force: true });
  }
});
