// The CSS a page of the course site uses, inlined in its <head>, and the theme's stylesheets loaded
// without holding the first paint (issue 22: Lighthouse's render-blocking resources: the theme's
// CSS, 0.38 MB, 91 % of it unused on a lesson page, held every page's first paint).
//
//     node site/critical-css.mjs <html folder> <page.html> ...     (tools/site_pages.py runs it)
//
// npm beasties (the maintained successor of GoogleChromeLabs' critters), its compiler and runtime:
// each stylesheet is compiled once into a plan, and each page keeps the rules whose selectors match
// an element of the page (tags, classes, ids, attributes, combinators: the whole page, not only its
// first screen). Those rules are inlined in one <style> before the page's first stylesheet, and
// every <link rel="stylesheet"> becomes media="print" onload="this.media='all'" (with a <noscript>
// fallback). The links keep their places, so once the stylesheets have loaded the cascade is what
// it was, rule for rule: the inlined rules are earlier copies of the same rules. Printing (make
// site's PDFs, a reader's print) reads the stylesheets as before. (beasties' classic process() gives
// the same rules, but takes about 1 s a page here against 0.1 s for the whole site after compiling.)
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { compileSheet } from "beasties/compiler";
import { createProcessor } from "beasties/runtime";

const MARK = "data-gleap-critical"; // tools/site_pages.py CRITICAL_MARK
// The theme's light and dark modes: <html data-theme="light|dark" data-mode="..."> is set by the
// theme's inline script before the page is shown, so the HTML file holds neither value. A rule such as
// `html[data-theme=dark] .bd-article` is kept when the rest of it (`.bd-article`) matches the page,
// for both modes, and left out otherwise (`html[data-theme=dark] .MathJax_SVG *` on a page without
// MathJax): while the page is matched, each `html[data-theme=V]` / `html[data-mode=V]` of the CSS
// reads `html[data-gleap-theme-V]`, an attribute the page's <html> is given for that moment only
// (THEME_ATTRS), and the inlined CSS is given its own selectors back (themeBack).
const THEME_SELECTOR = /html\[data-(theme|mode)=["']?([a-z]+)["']?\]/g;
const themeAway = css => css.replace(THEME_SELECTOR, (_, name, value) => `html[data-gleap-${name}-${value}]`);
const themeBack = css => css.replace(/html\[data-gleap-(theme|mode)-([a-z]+)\]/g, "html[data-$1=$2]");
const THEME_ATTRS = " data-gleap-theme-light data-gleap-theme-dark data-gleap-mode-auto data-gleap-mode-light data-gleap-mode-dark";
// What the Nu HTML checker (tests/test_site.py) finds wrong in the theme's CSS once it is in the page,
// and a browser ignores either way: an @charset that is not a sheet's first rule (the sheets are
// joined in one <style>, whose text is already UTF-8), and pydata-sphinx-theme's declarations
// `transition: ... visibility 0s linear "0s"` (a string is no <time>: browsers drop the declaration),
// left out of the inlined copy so that the page behaves as with the stylesheet alone.
const dropIgnored = css => css
  .replace(/@charset\s+"[^"]*"\s*;/gi, "")
  .replace(/([{;])\s*transition\s*:[^;{}]*"[^"]*"[^;{}]*(;|(?=\}))/g, "$1");
const RUNTIME = {
  preload: "media",
  noscriptFallback: true,
  // the icons' @font-face rules come along (the icons keep their font and width: nothing moves
  // when the stylesheet arrives), without preloading the fonts (0.11 MB, not needed for the text)
  inlineFonts: true,
  preloadFonts: false,
  cache: false,
  logger: { warn: message => console.error(`critical-css: ${message}`) },
};

// A stylesheet's text with its @import rules replaced by the files they name (the theme's
// theme.css is only `@import "../basic.css"`, which inlined in a page would point elsewhere).
async function sheetText(file, seen = new Set()) {
  if (seen.has(file)) throw new Error(`@import loop at ${file}`);
  seen.add(file);
  let css = await readFile(file, "utf8");
  for (const match of [...css.matchAll(/@import\s+(?:url\()?["']([^"']+)["']\)?\s*;/g)]) {
    const imported = path.resolve(path.dirname(file), match[1]);
    const text = await sheetText(imported, seen);
    if (/url\(/.test(text)) throw new Error(`${imported}: url() in an imported sheet is not rebased`);
    css = css.replace(match[0], text);
  }
  return css;
}

const [root, ...pages] = process.argv.slice(2);
if (!root || !pages.length) {
  console.error("usage: node site/critical-css.mjs <html folder> <page.html> ...");
  process.exit(2);
}
const site = path.resolve(root);
const plans = new Map(); // a stylesheet and the href it has in a page -> the compiled sheet
for (const page of pages) {
  const file = path.resolve(page);
  const html = await readFile(file, "utf8");
  if (html.includes(MARK)) continue; // done already (a page Sphinx did not write again)
  const head = html.slice(0, html.indexOf("</head>"));
  const hrefs = [...head.matchAll(/<link\b[^>]*\brel="stylesheet"[^>]*>/g)]
    .map(m => (m[0].match(/\bhref="([^"]+)"/) || [])[1]).filter(Boolean);
  if (!hrefs.length) continue;
  const sheets = [];
  for (const href of hrefs) {
    const css = path.resolve(path.dirname(file), href.split(/[?#]/)[0]);
    if (!css.startsWith(site + path.sep)) throw new Error(`${page}: ${href} is outside the site`);
    const key = `${css}|${href}`; // the same file under the same href: the same plan
    if (!plans.has(key)) plans.set(key, compileSheet(themeAway(dropIgnored(await sheetText(css))), { href }));
    sheets.push(plans.get(key));
  }
  const htmlTag = html.match(/<html\b[^>]*?(?=\s*\/?>)/);
  if (!htmlTag) throw new Error(`${page}: no <html> tag`);
  const marked = html.replace(htmlTag[0], () => htmlTag[0] + THEME_ATTRS);
  const out = createProcessor(sheets, RUNTIME).process(marked).replace(htmlTag[0] + THEME_ATTRS, () => htmlTag[0]);
  const firstLink = out.search(/<link\b[^>]*media="print" onload=/);
  const style = out.lastIndexOf("<style>", firstLink);
  const end = out.indexOf("</style>", style);
  if (firstLink < 0 || style < 0 || end < 0) throw new Error(`${page}: no critical CSS was inlined`);
  const css = themeBack(out.slice(style + "<style>".length, end));
  const result = out.slice(0, style) + `<style ${MARK}>` + css + out.slice(end);
  if (/data-gleap-(theme|mode)-/.test(result)) throw new Error(`${page}: the theme's marks stayed in the page`);
  await writeFile(file, result, "utf8");
}
