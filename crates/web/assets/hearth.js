// Hearth front-end entry point.
//
// Load once per page, at the end of <head> or <body>:
//   <script type="module" src="/assets/hearth.js"></script>
//
// Plain ES module: no inline script, no eval/new Function, so it works under
// a CSP of `script-src 'self'`. Imports are relative to this file, so they
// resolve under whatever prefix crates/web/assets is served at (/assets).
import { initAll as initGovukFrontend } from "./vendor/govuk-frontend/govuk-frontend.min.js";
import { initAll as initMojFrontend } from "./vendor/moj-frontend/moj-frontend.min.js";

// GOV.UK Frontend (and MoJ Frontend, which bundles the same base class) only
// initialise components when <body> has `govuk-frontend-supported`; MoJ CSS
// also keys some styles off `js-enabled`. Upstream sets both with an inline
// snippet, which our CSP forbids. hearth-supported.js sets them before first
// paint; this is the fallback if a page leaves that script out. A module that
// runs proves ES module support, which is what the upstream snippet tests.
document.body.classList.add("js-enabled", "govuk-frontend-supported");

// htmx (loaded by its own <script defer src>, before this module) must not
// eval attribute code or inject inline <style>, and must not keep copies of
// pages (personal data) in sessionStorage. The <meta name="htmx-config"> tag
// in the base template says the same; this is the fallback. htmx reads its
// config on DOMContentLoaded, which is after this module has run.
if (window.htmx) {
  Object.assign(window.htmx.config, {
    allowEval: false,
    allowScriptTags: false,
    includeIndicatorStyles: false, // the indicator rules are in hearth.css
    historyCacheSize: 0,
    refreshOnHistoryMiss: true,
    // htmx swaps 2xx answers only. A 422 carries what to put right (the
    // search box's "enter at least 2 letters"), so it is swapped in too.
    responseHandling: [
      { code: "204", swap: false },
      { code: "[23]..", swap: true },
      { code: "422", swap: true, error: false },
      { code: "[45]..", swap: false, error: true },
    ],
  });
}

function isAlreadyInitialised(error) {
  return error && error.name === "InitError" && /already initialised/.test(error.message);
}

function onError(error) {
  // Re-initialising a component that is already set up is expected when we
  // widen the scope after an htmx swap; anything else is worth seeing.
  if (!isAlreadyInitialised(error)) {
    console.error(error);
  }
}

function initialise(scope) {
  initGovukFrontend({ scope, onError });
  initMojFrontend({ scope, onError });
}

initialise(document);

// Content swapped in by htmx: initialise the components inside it. htmx
// fires htmx:load on <body> at start-up (already done above) and on each new
// element after a swap. Upstream only looks for [data-module] *inside* the
// scope, so if the new element is itself a component use its parent.
document.addEventListener("htmx:load", (event) => {
  const el = event.target;
  if (!(el instanceof Element) || el === document.body) {
    return;
  }
  const scope = el.matches("[data-module]") && el.parentElement ? el.parentElement : el;
  initialise(scope);
});

// The print view's "Print" button: without JavaScript it stays hidden and
// the page says to use the browser's print command.
for (const button of document.querySelectorAll("[data-hearth-print]")) {
  button.hidden = false;
  button.addEventListener("click", () => window.print());
}
