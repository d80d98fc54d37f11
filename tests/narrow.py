"""What a student on a small screen sees: explorers, tables and charts in a narrow output.

A school laptop (JupyterLab at 800 px with the file browser open: a 368 px output area) and a
phone (the static site at 360 px). :data:`NARROW_JS` looks at every output under a root and
returns a list of problems, each a sentence naming the output and the element:

- an explorer wider than its output, or an output that scrolls sideways (a focused control
  would scroll the labels and half the sentence out of sight);
- a control, label or readout of an explorer cut by the output's edge or by its own box;
- a table that does not fit and does not scroll inside itself, or whose first column is not
  held in place; a column that cannot be brought into view inside the table (every column:
  the ones questions name among them);
- a chart wider than its output, a chart title or source line running past the chart's edge,
  two texts of a chart's annotations drawn over each other (the province tiles' labels). A chart
  drawn at a fixed width (``layout.width``, the province tiles: 31 labelled squares cannot shrink
  to a phone) may be wider than its output, which then scrolls it sideways inside itself.

Used by tests/test_site.py (phone) and tests/test_browser.py (JupyterLab).
"""
from __future__ import annotations

#: JavaScript: (root element, output selector) -> list of problems (strings).
NARROW_JS = r"""
async ([root, outputSel]) => {
  const problems = [];
  const r = el => el.getBoundingClientRect();
  const label = el => (el.getAttribute('aria-label') || el.textContent || el.tagName).trim().replace(/\s+/g, ' ').slice(0, 50);
  const frame = () => new Promise(res => requestAnimationFrame(() => requestAnimationFrame(res)));
  const outputs = Array.from(root.querySelectorAll(outputSel)).filter(o => o.offsetParent !== null);
  outputs.forEach((out, n) => {
    const where = `output ${n + 1}`;
    const box = r(out);
    if (box.width < 100) return;
    if (/<br\s*\/?>/i.test(out.innerText)) problems.push(`${where}: shows markup meant for a chart ("<br>") as text`);
    const fixed = gd => !!(gd.layout && gd.layout.width && gd.layout.autosize === false);
    // (in JupyterLab the output element is itself the chart: plotly's mime renderer)
    const chartsIn = el => (el.matches('.js-plotly-plot') ? [el] : []).concat(Array.from(el.querySelectorAll('.js-plotly-plot')));
    const charts = chartsIn(out);
    const fixedChart = charts.length > 0 && charts.every(fixed) && !out.querySelector('.gleap-explorer');
    if (out.scrollWidth > out.clientWidth + 1 && !fixedChart) problems.push(`${where}: scrolls sideways (${out.scrollWidth} px in ${out.clientWidth})`);
    if (fixedChart && out.scrollWidth > out.clientWidth + 1 && !/auto|scroll/.test(getComputedStyle(out).overflowX))
      problems.push(`${where}: a fixed-width chart wider than its output, which does not scroll`);
    const inside = (el, what) => {
      const b = r(el);
      if (b.width === 0 && b.height === 0) return;
      if (b.left < box.left - 1 || b.right > box.right + 1)
        problems.push(`${where}: ${what} "${label(el)}" cut by the output's edge (${Math.round(b.left - box.left)}..${Math.round(b.right - box.left)} of ${Math.round(box.width)} px)`);
    };
    for (const ex of out.querySelectorAll('.gleap-explorer')) {
      if (ex.scrollWidth > ex.clientWidth + 1) problems.push(`${where}: explorer "${label(ex)}" needs sideways scrolling (${ex.scrollWidth} px in ${ex.clientWidth})`);
      inside(ex, 'explorer');
      for (const el of ex.querySelectorAll('.gleap-control, .gleap-control > label, .gleap-control > .gleap-label, .gleap-control input, .gleap-control select, .gleap-control button, .gleap-out, .gleap-readout')) {
        inside(el, el.classList.contains('gleap-readout') ? 'readout' : (el.tagName === 'LABEL' || el.classList.contains('gleap-label') ? 'label' : 'control'));
        if (/^(LABEL|OUTPUT|SPAN)$/.test(el.tagName) && el.scrollWidth > el.clientWidth + 1)
          problems.push(`${where}: text "${label(el)}" cut by its own box`);
      }
    }
    for (const gd of charts) {
      const g = r(gd.querySelector('.main-svg') || gd);  // the drawn chart (a fixed one overflows its element)
      if (!fixed(gd)) inside(gd, 'chart');
      for (const t of gd.querySelectorAll('.infolayer .gtitle, .annotation .annotation-text')) {
        const b = r(t);
        const cut = b.left < g.left - 1 || b.right > g.right + 1 || b.top < g.top - 1 || b.bottom > g.bottom + 1
                    || (!fixed(gd) && (b.left < box.left - 1 || b.right > box.right + 1));
        if (b.width && cut)
          problems.push(`${where}: chart text "${label(t)}" runs past the chart's edge`);
      }
      const notes = Array.from(gd.querySelectorAll('.annotation .annotation-text')).map(t => [t, r(t)]).filter(([, b]) => b.width);
      for (let i = 0; i < notes.length; i++) for (let j = i + 1; j < notes.length; j++) {
        const [a, A] = notes[i], [b, B] = notes[j];
        const overlap = Math.min(A.right, B.right) - Math.max(A.left, B.left) > 1 && Math.min(A.bottom, B.bottom) - Math.max(A.top, B.top) > 1;
        if (overlap) problems.push(`${where}: chart texts "${label(a)}" and "${label(b)}" drawn over each other`);
      }
      // the legend, the axis titles, the tick labels, the title and the notes: no two kinds over each other
      const kinds = {legend: '.legend .legendtext', 'axis title': '.g-xtitle text, .g-ytitle text',
                     'tick label': '.xtick text, .ytick text', title: '.infolayer .gtitle', note: '.annotation .annotation-text'};
      const texts = [];
      for (const [kind, sel] of Object.entries(kinds))
        for (const t of gd.querySelectorAll(sel)) { const b = r(t); if (b.width && b.height && label(t)) texts.push([kind, t, b]); }
      for (const [kind, t, b] of texts)
        if (kind !== 'title' && kind !== 'note' && (b.left < g.left - 1 || b.right > g.right + 1 || b.top < g.top - 1 || b.bottom > g.bottom + 1))
          problems.push(`${where}: ${kind} "${label(t)}" runs past the chart's edge`);
      for (let i = 0; i < texts.length; i++) for (let j = i + 1; j < texts.length; j++) {
        const [ka, a, A] = texts[i], [kb, b, B] = texts[j];
        if (ka === kb) continue;
        const overlap = Math.min(A.right, B.right) - Math.max(A.left, B.left) > 1 && Math.min(A.bottom, B.bottom) - Math.max(A.top, B.top) > 1;
        if (overlap) problems.push(`${where}: ${ka} "${label(a)}" drawn over ${kb} "${label(b)}"`);
      }
    }
  });
  // tables: fit, or scroll inside themselves with the first column held; every column reachable
  for (const [n, out] of outputs.entries()) {
    const where = `output ${n + 1}`;
    for (const table of out.querySelectorAll('table')) {
      if (table.closest('details') && !table.closest('details').open) table.closest('details').open = true;
    }
  }
  await frame();
  for (const [n, out] of outputs.entries()) {
    const where = `output ${n + 1}`;
    const box = r(out);
    for (const table of out.querySelectorAll('table')) {
      // the element that scrolls: the table itself or the closest box around it inside the output
      let scroller = table;
      while (scroller !== out && !(getComputedStyle(scroller).overflowX === 'auto' || getComputedStyle(scroller).overflowX === 'scroll')) scroller = scroller.parentElement;
      const tb = r(table);
      const name = label(table.querySelector('th, td') || table).slice(0, 30);
      if (scroller === out) {
        if (tb.right > box.right + 1) problems.push(`${where}: table "${name}" is ${Math.round(tb.width)} px wide in ${Math.round(box.width)} and does not scroll inside itself`);
        continue;
      }
      const sb = r(scroller);
      if (sb.right > box.right + 1) problems.push(`${where}: table "${name}" wider than the output`);
      if (scroller.scrollWidth <= scroller.clientWidth + 1) continue;  // it fits
      const first = table.querySelector('tbody tr > :first-child');
      if (first && getComputedStyle(first).position !== 'sticky') problems.push(`${where}: table "${name}" scrolls but its first column is not held in place`);
      const heads = Array.from(table.querySelectorAll('thead tr:first-child > *'));
      for (const th of heads.slice(1)) {
        scroller.scrollLeft = 0;
        const left = th.offsetLeft - (first ? first.offsetWidth : 0);
        scroller.scrollLeft = Math.max(0, left);
        await frame();
        const hb = r(th), fb = first ? r(first) : {right: sb.left};
        if (hb.right > sb.right + 1 && hb.width <= sb.width - (fb.right - sb.left)) problems.push(`${where}: table "${name}": column "${label(th)}" cannot be brought into view`);
        if (hb.left < fb.right - 1) problems.push(`${where}: table "${name}": column "${label(th)}" hidden under the first column`);
      }
      scroller.scrollLeft = 0;
      if (out.scrollLeft !== 0) problems.push(`${where}: the output scrolled sideways with the table`);
    }
  }
  return problems;
}
"""
