// Replaces GOV.UK Frontend's inline `<body>` snippet, which our CSP forbids.
//
// Load as a plain, blocking script as the FIRST thing inside <body>:
//   <body class="govuk-template__body">
//     <script src="/assets/hearth-supported.js"></script>
//
// It marks the page as JavaScript-enabled before anything is painted, so
// components that change with JavaScript (accordions, tabs, ...) do not
// flash in their no-JS layout. hearth.js sets the same classes if this is
// missing, only later.
document.body.classList.add("js-enabled");
if ("noModule" in HTMLScriptElement.prototype) {
  document.body.classList.add("govuk-frontend-supported");
}
