// For the browser tests: a fresh `hearth demo` on a free loopback port (the
// small synthetic authority, two years of casework), and an axe-core scan
// that fails on serious or critical violations.

import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { createServer } from "node:net";
import AxeBuilder from "@axe-core/playwright";

export const bin = process.env.HEARTH_BIN ?? new URL("../target/debug/hearth", import.meta.url).pathname;
export const executablePath = process.env.CHROMIUM ?? "/usr/bin/chromium";

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Starts the demo and resolves once it prints its address. */
export function startDemo(db, port) {
  const args = ["demo", "--db", db, "--bind", `127.0.0.1:${port}`, "--profile", "small", "--years", "2"];
  const child = spawn(bin, args, { stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  let err = "";
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`demo did not start in time:\n${out}\n${err}`)), 240_000);
    child.stderr.on("data", (d) => (err += d));
    child.stdout.on("data", (d) => {
      out += d;
      // The account lines come after the address; the server is up once
      // the sign-in page answers.
      if (out.includes("user: admin1")) {
        const poll = async () => {
          try {
            const r = await fetch(`http://127.0.0.1:${port}/sign-in`);
            if (r.ok) {
              clearTimeout(timer);
              return resolve({ child, out });
            }
          } catch {}
          setTimeout(poll, 200);
        };
        poll();
      }
    });
    child.once("exit", (code) => reject(new Error(`demo exited (${code}):\n${out}\n${err}`)));
  });
}

export async function axe(page, name) {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  assert.deepEqual(
    serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`),
    [],
    `${name}: serious or critical accessibility violations`,
  );
}

/** Presses Tab until the element with `id` has the focus, as a keyboard
 * user would; fails if it cannot be reached. */
export async function tabTo(page, id, most = 300) {
  for (let i = 0; i < most; i += 1) {
    if ((await page.evaluate(() => document.activeElement?.id ?? "")) === id) return;
    await page.keyboard.press("Tab");
  }
  assert.fail(`#${id} cannot be reached with the keyboard`);
}

/** Signs in by keyboard alone, and waits for the work page. */
export async function signInByKeyboard(page, base, user, password) {
  await page.goto(`${base}/sign-in`);
  await tabTo(page, "username");
  await page.keyboard.type(user);
  await tabTo(page, "password");
  await page.keyboard.type(password);
  await page.keyboard.press("Enter");
  await page.waitForURL(`${base}/my-work`);
}

/** Signs in by filling the form, and waits for the work page. */
/** The demo's password for `user`, from the account lines it printed. */
export function passwordOf(out, user) {
  return out.match(new RegExp(`user: ${user} .*password: (\\S+)`))[1];
}

/** A new browser context (at `viewport`, if given) signed in as `user`. */
export async function signInAs(browser, base, out, user, viewport) {
  const context = await browser.newContext(viewport ? { viewport } : {});
  const page = await context.newPage();
  await signIn(page, base, user, passwordOf(out, user));
  return page;
}

export async function signIn(page, base, user, password) {
  await page.goto(`${base}/sign-in`);
  await page.fill("#username", user);
  await page.fill("#password", password);
  await page.click("button[type=submit]");
  await page.waitForURL(`${base}/my-work`);
}
