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
// set by the theme's inline script and its JavaScript before the page is shown, so on no element
// of the HTML file: the light and dark themes' colours, the theme switch
const ALLOW_RULES = [/data-theme/, /data-mode/];
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
    if (!plans.has(key)) plans.set(key, compileSheet(await sheetText(css), { href, allowRules: ALLOW_RULES }));
    sheets.push(plans.get(key));
  }
  const out = createProcessor(sheets, RUNTIME).process(html);
  const firstLink = out.search(/<link\b[^>]*media="print" onload=/);
  const style = out.lastIndexOf("<style>", firstLink);
  if (firstLink < 0 || style < 0) throw new Error(`${page}: no critical CSS was inlined`);
  await writeFile(file, out.slice(0, style) + `<style ${MARK}>` + out.slice(style + "<style>".length), "utf8");
}
