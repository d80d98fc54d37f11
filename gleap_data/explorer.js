// gleap explorers in the page: controls, a plotly.js chart, the readout and a data table.
//
// Python (gleap_data/widgets.py) computes every number and every sentence; this file only looks
// them up (precomputed explorers), evaluates the labour model mirrored from
// gleap_data/labour.py (checked against Python by tests/test_explorer_parity.py), joins
// precomputed strings and draws. Shared by the anywidget (JupyterLab, Binder) and the static
// site (file://, offline): an ES module, anywidget's `_esm` (its `render` at the end), inlined as a
// module script by the static site. Its look is explorer.css (anywidget's `_css`).
/* eslint-disable */
const GLEAP = (() => {
  // ---------------------------------------------------------------- numbers as Python writes them
  function rint(v) {  // numpy.rint: nearest, ties to even
    const r = Math.round(v);
    return (Math.abs(v % 1) === 0.5) ? 2 * Math.round(v / 2) : r;
  }
  function npRound(x, d) { const f = Math.pow(10, d); return rint(x * f) / f; }
  // display.decimal(x, places, lang): Intl.NumberFormat, which rounds the float's shortest decimal
  // form half to even as Babel does in Python (gleap_data/display.py _babel), grouped by threes
  // always (Polish CLDR data would leave 4-digit numbers ungrouped), in the language's locale
  // (sym.locale, sent by Python with the symbols Babel uses)
  const formats = new Map();
  function intl(sym, options) {
    const key = sym.locale + JSON.stringify(options);
    if (!formats.has(key)) {
      formats.set(key, new Intl.NumberFormat(sym.locale, {roundingMode: 'halfEven', useGrouping: 'always', ...options}));
    }
    return formats.get(key);
  }
  function babelDecimal(x, places, sym) {
    if (!Number.isFinite(x)) throw new Error('not a finite number: ' + x);
    return intl(sym, {minimumFractionDigits: places, maximumFractionDigits: places}).format(x);
  }
  // a label parsed by Python: [[literal, field, kind], ...]; kind: decimal places, 'label' (the
  // text of the control of that name, in labels) or 'text'
  function fill(parts, values, sym, labels) {
    return parts.map(([lit, field, kind]) => {
      if (field === null) return lit;
      const v = values[field];
      if (kind === 'label') return lit + labels[field];
      if (typeof kind === 'number') return lit + babelDecimal(v, kind, sym);
      return lit + String(v);
    }).join('');
  }
  function escapeHtml(t) {
    return String(t).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;').replace(/'/g, '&#x27;');
  }

  // ---------------------------------------------------------------- the labour model (labour.py)
  function labourAllocation(cal, share, alpha, procure, over, weather) {
    const output = cal.base_grain_mt * Math.pow(1 - share, alpha) * (1 - weather);
    const reported = output * (1 + over);
    const procured = Math.min(procure * reported, output);
    const left = output - procured;
    const perPerson = left * 1e9 / cal.rural_population;
    const moved = share * cal.base_farm_labour;
    return {grain_output_mt: output, reported_output_mt: reported, procurement_mt: procured, grain_left_mt: left,
            grain_per_rural_person_kg: perPerson, grain_per_rural_person_kg_per_day: perPerson / 365,
            steel_mt: cal.base_steel_mt + moved * cal.steel_per_moved_worker_t / 1e6};
  }

  // ---------------------------------------------------------------- payload
  async function decodeSpec(bytes) {
    const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
    return JSON.parse(await new Response(stream).text());
  }
  function b64bytes(text) {
    const raw = atob(text); const out = new Uint8Array(raw.length);
    for (let i = 0; i < raw.length; i++) out[i] = raw.charCodeAt(i);
    return out;
  }

  // ---------------------------------------------------------------- what a state shows
  // a patch names the traces it changes by their uid (gleap_data/charts.py gives one to every
  // trace an explorer changes)
  function patchFigure(base, patch) {
    const data = base.data.map(t => (patch.data && t.uid !== undefined && patch.data[t.uid]) ? Object.assign({}, t, patch.data[t.uid]) : t);
    const layout = Object.assign({}, base.layout, patch.layout || {});
    return {data, layout};
  }

  // The explorer's state is one value per control (the widget's traits, gleap_data/widgets.py):
  // an option's value (1957, [1955, 1957], 'trend', 0.05), a range's ends, a list of names. The
  // page's controls hold an option by its index (the key of the precomputed positions).
  const sameValue = (a, b) => JSON.stringify(a) === JSON.stringify(b);
  function pageValue(spec, traits) {
    const out = {};
    for (const c of spec.controls) {
      const v = traits[c.name];
      if (c.kind === 'range') out[c.name] = [Number(v[0]), Number(v[1])];
      else if (c.kind === 'tags') out[c.name] = Array.from(v);
      else {
        const i = c.values.findIndex(o => sameValue(o, v) || (typeof o === 'number' && Math.abs(o - v) < 1e-9));
        if (i < 0) throw new Error(`${c.name}: ${JSON.stringify(v)} is not one of its options`);
        out[c.name] = i;
      }
    }
    return out;
  }
  function traitValues(spec, value) {
    const out = {};
    for (const c of spec.controls) {
      const v = value[c.name];
      out[c.name] = (c.kind === 'range' || c.kind === 'tags') ? Array.from(v) : c.values[v];
    }
    return out;
  }

  function tableKey(spec, value) {
    return spec.controls.map(c => Array.isArray(value[c.name]) ? value[c.name].join('-') : String(value[c.name])).join('|');
  }

  function stateView(spec, value, last) {
    if (spec.kind === 'table') {
      const patch = spec.patches[spec.states[tableKey(spec, value)]];
      if (!patch || patch.error) return {figure: last, readout: patch ? patch.error : ''};
      const meta = (patch.layout && patch.layout.meta) || spec.base.layout.meta;
      return {figure: patchFigure(spec.base, patch), readout: patch.readout, description: meta && meta.description};
    }
    if (spec.kind === 'labour') {
      const m = spec.model, v = {};
      for (const c of spec.controls) v[c.name] = c.values[value[c.name]];
      const args = [v.labour_elasticity, v.procurement_share, v.overreporting, v.weather_loss];
      const curve = m.grid.map(s => labourAllocation(m.cal, s, ...args));
      const point = labourAllocation(m.cal, v.share_moved, ...args);
      const ref = curve[0].grain_per_rural_person_kg;
      // the traces as charts.update_labour_model writes them, by uid
      const cols = {output: 'grain_output_mt', procured: 'procurement_mt', left: 'grain_left_mt',
                    per_person: 'grain_per_rural_person_kg'};
      const patch = {data: {}};
      for (const [uid, c] of Object.entries(cols)) patch.data[uid] = {x: m.grid.slice(), y: curve.map(r => r[c])};
      patch.data.reference = {x: [m.grid[0], m.grid[m.grid.length - 1]], y: [ref, ref]};
      patch.data.now_output = {x: [v.share_moved], y: [point.grain_output_mt]};
      patch.data.now_per_person = {x: [v.share_moved], y: [point.grain_per_rural_person_kg]};
      const labels = {};
      for (const c of spec.controls) labels[c.name === 'share_moved' ? 'share' : c.name] = c.labels[value[c.name]];
      const text = fill(m.readout, {output: point.grain_output_mt, procured: point.procurement_mt,
                                    kg: point.grain_per_rural_person_kg,
                                    kg_day: point.grain_per_rural_person_kg_per_day}, m.number, labels);
      return {figure: patchFigure(spec.base, patch), readout: m.message[0] + escapeHtml(text) + m.message[1]};
    }
    if (spec.kind === 'provinces') {
      const p = spec.prov, chosen = [];
      for (const name of value.provinces) if (!chosen.includes(name)) chosen.push(name);
      if (!chosen.length) return {figure: last, readout: p.none};
      const key = [value.baseline, value.years.join('-'), value.underregistration].join('|');
      const combo = p.combos[key];
      const first = value.years[0];
      const rows = chosen.map(name => {
        const total = combo.excess[p.names.indexOf(name)];
        const population = p.population[name][String(first)];
        const rate = total / population * 1000;
        const y = npRound(rate, 1);
        return {name, total, rate, y, text: babelDecimal(y, 1, p.number)};
      });
      const patch = {data: {provinces: {x: chosen.slice(), y: rows.map(r => r.y), text: rows.map(r => r.text)},
                            china: {x: [p.china], y: [combo.nat_y], text: [combo.nat_text]}},
                     layout: {title: Object.assign({}, spec.base.layout.title, {text: combo.title, pad: combo.title_pad}),
                              margin: Object.assign({}, spec.base.layout.margin, {t: combo.margin_t})}};
      const listing = rows.map(r => fill(p.row, {province: r.name, deaths: r.total / 1e6, rate: r.rate}, p.number)).join('; ');
      // the total: Python's built-in sum over the chosen provinces, in the same order
      let sum = 0; for (const r of rows) sum += r.total;
      const text = fill(p.readout, {listing, total: sum / 1e6, national: combo.national / 1e6}, p.number);
      return {figure: patchFigure(spec.base, patch), readout: p.message[0] + escapeHtml(text) + p.message[1]};
    }
    throw new Error('unknown explorer ' + spec.kind);
  }

  // ---------------------------------------------------------------- the page
  let uid = 0;
  const PLOTLY_CONFIG = {responsive: true, displaylogo: false};
  // layout keys whose change plotly.js redraws alone (a changed title, annotation or shape), and
  // the trace keys its animation path draws (any other would end the transition in a full redraw)
  const CHEAP_LAYOUT_KEYS = new Set(['title', 'annotations', 'shapes']);
  const ANIMATED_KEYS = new Set(['x', 'y']);
  const STYLE_KEYS = new Set(['name']);  // redrawn as style: no new layout
  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === undefined || v === null || v === false) continue;
      if (k === 'text') e.textContent = v; else e.setAttribute(k, v === true ? '' : v);
    }
    children.forEach(c => c && e.appendChild(c));
    return e;
  }

  // display.number(v): what gd.show and the static site's tables write (0 decimals from 1,000 up,
  // at most 2 from 1, three significant digits below 1), by the same Intl.NumberFormat
  function displayNumber(v, sym) {
    if (Number.isNaN(v)) return '–';
    const x = v + 0;  // -0 reads as 0
    if (Number.isInteger(x) || Math.abs(x) >= 1000) return babelDecimal(x === 0 ? 0 : x, 0, sym);
    if (Math.abs(x) >= 1) return intl(sym, {minimumFractionDigits: 0, maximumFractionDigits: 2}).format(x);
    return intl(sym, {maximumSignificantDigits: 3}).format(x);
  }
  // a table cell as gleap_data/_describe.py writes it: a year stays 1958, numbers as display.number
  function cellText(v, sym, years) {
    if (v === null || v === undefined) return '';
    if (typeof v !== 'number') return String(v);
    if (years && Number.isInteger(v)) return String(v);
    return displayNumber(v, sym);
  }

  function plain(v) {
    if (v === undefined || v === null) return [];
    if (ArrayBuffer.isView(v)) return Array.from(v);
    if (typeof v === 'object' && v.bdata !== undefined) {
      const T = {f8: Float64Array, f4: Float32Array, i4: Int32Array, i2: Int16Array, i1: Int8Array,
                 u4: Uint32Array, u2: Uint16Array, u1: Uint8Array}[v.dtype];
      return Array.from(new T(b64bytes(v.bdata).buffer));
    }
    return Array.isArray(v) ? v : [v];
  }

  function axisTitle(layout, key) {
    const t = (layout[key] || {}).title;
    const text = typeof t === 'string' ? t : ((t && t.text) || '');
    return text.replace(/<br>/g, ' ');  // a title wrapped for the chart is one heading in a table
  }
  // the figure's points as the static site's tables list them (gleap_data/_describe.py data_table):
  // the column heads and the rows' cells, as text
  function tableText(figure, words, sym) {
    const layout = figure.layout || {};
    const heads = [words.series, axisTitle(layout, 'xaxis') || words.x, axisTitle(layout, 'yaxis') || words.y, words.text];
    const rows = [];
    for (const t of figure.data) {
      if (t.showlegend === false && !t.legendgroup && !t.name) continue;
      const xs = plain(t.x), ys = plain(t.y);
      let texts = (t.text === undefined || t.text === null) ? [] : plain(t.text);
      if (!Array.isArray(t.text) && !ArrayBuffer.isView(t.text) && !(t.text && t.text.bdata)) texts = xs.map(() => t.text);
      const years = xs.every(x => x === null || x === undefined || (typeof x === 'number' && Number.isInteger(x) && x >= 1800 && x <= 2100));
      xs.forEach((x, i) => {
        if ((x === null || x === undefined) && (ys[i] === null || ys[i] === undefined)) return;
        rows.push([(t.name || '').replace(/<br>/g, ' '), cellText(x, sym, years), cellText(ys[i], sym, false), cellText(texts[i], sym, false)]);
      });
    }
    return {heads, rows};
  }
  function dataTable(figure, words, sym) {
    const {heads, rows} = tableText(figure, words, sym);
    const body = el('tbody');
    for (const r of rows) body.appendChild(el('tr', {}, ...r.map(c => el('td', {text: c}))));
    return el('table', {class: 'gleap-data-table'}, el('thead', {}, el('tr', {}, ...heads.map(t => el('th', {scope: 'col', text: t})))), body);
  }
  // The same table brought to a new state in place: only the cells whose text changed are written,
  // rows added or removed at the end (a key press changes a few cells of a table of up to 256 rows;
  // building the whole table again cost more than the rest of the explorer's own work).
  function updateTable(table, figure, words, sym) {
    const {heads, rows} = tableText(figure, words, sym);
    const setText = (cell, text) => { if (cell.textContent !== text) cell.textContent = text; };
    const headCells = table.tHead && table.tHead.rows[0] && table.tHead.rows[0].cells;
    const body = table.tBodies[0];
    if (!headCells || headCells.length !== heads.length || !body) return false;
    heads.forEach((t, i) => setText(headCells[i], t));
    const trs = body.rows;
    while (trs.length > rows.length) body.lastElementChild.remove();
    rows.forEach((r, i) => {
      if (i >= trs.length) { body.appendChild(el('tr', {}, ...r.map(c => el('td', {text: c})))); return; }
      const cells = trs[i].cells;
      if (cells.length !== r.length) { trs[i].replaceWith(el('tr', {}, ...r.map(c => el('td', {text: c})))); return; }
      r.forEach((c, j) => setText(cells[j], c));
    });
    return true;
  }

  // Draw an explorer into `root`. `onChange(value)` is told every new state (the kernel's copy).
  // Returns {set(value)} to follow a state set from outside (Python).
  function mount(root, spec, initial, onChange, opts) {
    opts = opts || {};
    const Plotly = window.Plotly;
    const id = 'gleap-x' + (++uid) + '-' + Math.random().toString(36).slice(2, 7);
    let value = JSON.parse(JSON.stringify(initial));
    root.classList.add('gleap-explorer');
    root.setAttribute('role', 'group');
    root.setAttribute('aria-label', spec.name);
    root.setAttribute('data-lm-suppress-shortcuts', 'true');
    // keys pressed on the explorer's controls are theirs, not JupyterLab's notebook shortcuts
    root.addEventListener('keydown', ev => { if (ev.key !== 'Escape' && ev.key !== 'Tab') ev.stopPropagation(); });
    root.innerHTML = '';
    // the look (and why it reflows at 368 px): explorer.css
    const controlsBox = el('div', {class: 'gleap-controls'});
    root.appendChild(controlsBox);
    const refs = {};

    // the page redraws first; the kernel is told after the frame is painted, so that sending the
    // widget message never delays what the student sees
    const changed = () => {
      draw();
      const v = JSON.parse(JSON.stringify(value));
      requestAnimationFrame(() => setTimeout(() => onChange(v), 0));
    };

    for (const c of spec.controls) {
      const cid = `${id}-${c.name}`;
      const box = el('div', {class: 'gleap-control', 'data-kind': c.kind, 'data-name': c.name, title: c.tip});
      if (c.kind === 'slider') {
        const out = el('output', {class: 'gleap-out', for: cid});
        const input = el('input', {type: 'range', id: cid, min: 0, max: c.labels.length - 1, step: 1, title: c.tip});
        input.value = value[c.name];
        const show = () => { out.textContent = c.labels[input.value]; input.setAttribute('aria-valuetext', c.labels[input.value]); };
        input.addEventListener('input', () => { value[c.name] = Number(input.value); show(); changed(); });
        show();
        box.append(el('label', {for: cid, text: c.label}), input, out);
        refs[c.name] = {set: v => { input.value = v; show(); }, disable: d => { input.disabled = d; }};
      } else if (c.kind === 'range') {
        const ends = [0, 1].map(i => el('input', {type: 'range', id: `${cid}-${i}`, min: c.min, max: c.max, step: 1, title: c.tip,
                                                  'aria-label': `${c.label} (${i ? c.to : c.from})`}));
        const out = el('output', {class: 'gleap-out'});
        const show = () => { out.textContent = `${ends[0].value}–${ends[1].value}`; };
        ends.forEach((input, i) => {
          input.value = value[c.name][i];
          input.addEventListener('input', () => {
            let [lo, hi] = [Number(ends[0].value), Number(ends[1].value)];
            if (lo > hi) { if (i === 0) hi = lo; else lo = hi; }  // the ends push each other, never cross
            ends[0].value = lo; ends[1].value = hi;
            value[c.name] = [lo, hi]; show(); changed();
          });
        });
        show();
        box.append(el('span', {class: 'gleap-label', id: `${cid}-label`, text: c.label}), ends[0], ends[1], out);
        refs[c.name] = {set: v => { ends[0].value = v[0]; ends[1].value = v[1]; show(); }, disable: () => {}};
      } else if (c.kind === 'dropdown') {
        const select = el('select', {id: cid, title: c.tip});
        c.labels.forEach((t, i) => select.appendChild(el('option', {value: i, text: t})));
        select.value = value[c.name];
        select.addEventListener('change', () => { value[c.name] = Number(select.value); changed(); });
        box.append(el('label', {for: cid, text: c.label}), select);
        refs[c.name] = {set: v => { select.value = v; }, disable: d => { select.disabled = d; }};
      } else if (c.kind === 'toggle') {
        const group = el('div', {role: 'group', 'aria-labelledby': `${cid}-label`});
        const buttons = c.labels.map((t, i) => el('button', {type: 'button', text: t, title: c.tip}));
        const show = () => buttons.forEach((b, i) => b.setAttribute('aria-pressed', String(i === value[c.name])));
        buttons.forEach((b, i) => {
          b.addEventListener('click', () => { if (value[c.name] !== i) { value[c.name] = i; show(); changed(); } });
          group.appendChild(b);
        });
        show();
        box.append(el('span', {class: 'gleap-label', id: `${cid}-label`, text: c.label}), group);
        refs[c.name] = {set: v => { value[c.name] = v; show(); }, disable: () => {}};
      } else if (c.kind === 'tags') {
        const list = el('datalist', {id: `${cid}-names`});
        c.allowed.forEach(n => list.appendChild(el('option', {value: n})));
        const tags = el('span', {class: 'gleap-tags', 'aria-live': 'polite'});
        const input = el('input', {type: 'text', id: cid, list: `${cid}-names`, title: c.tip, autocomplete: 'off',
                                   placeholder: c.placeholder});
        const show = () => {
          tags.innerHTML = '';
          value[c.name].forEach(n => tags.appendChild(el('span', {class: 'gleap-tag', text: n})));
        };
        // a name that is not on the list is not silently dropped: the student is told why
        const note = el('span', {class: 'gleap-tags-note', role: 'status'});
        input.addEventListener('keydown', ev => {
          if (ev.key === 'Enter') {
            ev.preventDefault();
            const typed = input.value.trim().toLowerCase();
            const name = c.allowed.find(n => n.toLowerCase() === typed);
            note.textContent = (typed && !name) ? c.unknown.replace('{name}', input.value.trim()) : '';
            if (name && !value[c.name].includes(name)) { value[c.name] = value[c.name].concat([name]); input.value = ''; show(); changed(); }
          } else if (ev.key === 'Backspace' && input.value === '' && value[c.name].length) {
            ev.preventDefault();
            value[c.name] = value[c.name].slice(0, -1); show(); changed();
          }
        });
        show();
        box.append(el('label', {for: cid, text: c.label}), tags, input, list, note);
        refs[c.name] = {set: v => { value[c.name] = v.slice(); show(); }, disable: d => { input.disabled = d; }};
      }
      controlsBox.appendChild(box);
    }
    // and on each control itself: JupyterLab matches a shortcut's selector (ArrowLeft/ArrowRight
    // "move to the heading" in command mode, selector `... :focus`) on the focused element before
    // it looks at its parents' data-lm-suppress-shortcuts, and JupyterLite's JupyterLab (4.4) then
    // takes the arrow keys from a focused slider (seen in lite/test_offline.py)
    controlsBox.querySelectorAll('input, select, button').forEach(e => e.setAttribute('data-lm-suppress-shortcuts', 'true'));

    const chart = el('div', {class: 'gleap-chart'});  // named by its <figure> (a role=img would hide plotly's own controls)
    const readout = el('div', {class: 'gleap-readout', 'aria-live': 'polite'});
    // the static site gives its own figure's disclosure (description and table); the widget makes one
    const details = opts.details || el('details', {class: 'gleap-data'}, el('summary', {text: spec.words.table}));
    root.append(chart, readout);
    if (!opts.details) root.appendChild(details);
    let lastFigure = spec.base, lastView = null;
    // the top-level keys whose values differ (a state's patch shares most with the base; a patched
    // key may hold an equal copy, such as the provincial explorer's margin)
    const differingKeys = (a, b, skip) => Array.from(new Set([...Object.keys(a), ...Object.keys(b)]))
      .filter(k => !(skip && skip.has(k)) && a[k] !== b[k] && JSON.stringify(a[k]) !== JSON.stringify(b[k]));
    // annotations and shapes: plotly redraws one changed item alone, as long as none is added or removed
    const sameArrayLengths = (a, b) => ['annotations', 'shapes'].every(k => (a[k] || []).length === (b[k] || []).length);

    // A category axis with automargin (the estimates' rows) makes plotly lay the chart out twice on
    // every redraw, and the plot jumps sideways when the longest label changes. So after the first
    // draw the left margin is fixed at what the longest label of any state needs (measured with the
    // axis font, from the margin plotly found for the labels shown first) and automargin is off.
    const yaxis = spec.base.layout.yaxis || {};
    const fixLeft = yaxis.automargin === true && yaxis.type === 'category';
    let fixedLeft = null;
    function allCategories() {
      const seen = new Set();
      const add = fig => {
        const ya = (fig.layout && fig.layout.yaxis) || {};
        (ya.categoryarray || []).forEach(c => seen.add(String(c)));
        (fig.data || []).forEach(t => { if (t) plain(t.y).forEach(c => { if (c !== null && c !== undefined) seen.add(String(c)); }); });
      };
      add(spec.base);
      (spec.patches || []).forEach(p => add({layout: p.layout || {}, data: Object.values(p.data || {})}));
      return Array.from(seen);
    }
    function leftMargin() {
      const fl = chart._fullLayout;
      if (!fl || !fl._size || !fl.yaxis) return null;
      const font = fl.yaxis.tickfont || {};
      const ctx = document.createElement('canvas').getContext('2d');
      ctx.font = `${font.size || 12}px ${font.family || 'sans-serif'}`;
      const widest = labels => labels.reduce((w, t) => Math.max(w, ctx.measureText(t).width), 0);
      const shown = widest((fl.yaxis._categories || []).map(String));
      return Math.ceil(fl._size.l + Math.max(0, widest(allCategories()) - shown)) + 2;
    }

    // A new state drawn the cheap way where plotly.js has one. A full react lays the whole chart out
    // again: legend, titles, tick labels measured one by one (most of a key press's time). Where only
    // the traces' x and y changed, each keeping its number of points, plotly's animation path
    // redraws the traces alone (and an axis only if its range moved); its transition lasts 1 ms,
    // so the first frame painted after the key press already shows the new state (a duration of 0
    // takes the full path). Where the title, an
    // annotation or a shape changed too (a title with the chosen years, the year marker and its
    // shares), or a trace's other keys (the marked year's name), a react on the old x and y first
    // redraws just those (a changed title, annotation or shape alone; a name in the legend is
    // style; one that is not in the legend is given to plotly's full trace, below), then the
    // x and y go by the animation path, in the same task: any other key in the animation would make
    // plotly redraw the whole chart again once the transition ends. A trace's other keys changed
    // (a bar's text labels): one full react.
    function redraw(previous, figure, layout) {
      const transition = Object.assign({}, layout, {transition: {duration: 1, easing: 'linear'}});
      // the config is given once, with the first drawing: a react given a config compares it with
      // the one it has (a deep copy of plotly's whole context, locales included: a fifth of the
      // employment explorer's react in a profile); given none, it keeps the one it has
      if (previous === null) return Plotly.react(chart, figure.data, layout, PLOTLY_CONFIG);
      if (previous.data.length !== figure.data.length) return Plotly.react(chart, figure.data, layout);
      const keys = differingKeys(previous.layout, figure.layout).filter(k => k !== 'meta');
      if (!keys.every(k => CHEAP_LAYOUT_KEYS.has(k)) || !sameArrayLengths(previous.layout, figure.layout)) {
        return Plotly.react(chart, figure.data, layout);
      }
      let restyled = false, full = false;
      const unlisted = [];  // [index, name]: the new name of a trace the legend does not list
      const first = figure.data.map((t, i) => {
        const old = previous.data[i];
        if (t === old) return t;
        // points added or removed (a year more or less): plotly's animation moves the points it
        // has and leaves the axis where it was, so a new bar could be drawn outside the plot
        if (['x', 'y'].some(k => plain(old[k]).length !== plain(t[k]).length)) full = true;
        for (const k of differingKeys(old, t, ANIMATED_KEYS)) {
          if (k === 'name' && t.showlegend === false && old.showlegend === false) unlisted.push([i, t.name]);
          else if (STYLE_KEYS.has(k)) restyled = true;
          else full = true;
        }
        const kept = {x: old.x, y: old.y};
        if (unlisted.length && unlisted[unlisted.length - 1][0] === i) kept.name = old.name;
        return Object.assign({}, t, kept);
      });
      // a bar's text labels, a marker's colours: plotly lays the chart out again for those anyway, once
      if (full) return Plotly.react(chart, figure.data, layout);
      if (keys.length || restyled) Plotly.react(chart, first, layout);
      // A new name of a trace the legend does not list (the marked year's: shown only in its hover
      // label) draws nothing, but plotly.js takes any name change for style and restyles every trace
      // and draws the legend again (a quarter of the employment explorer's react in a profile). Its full trace
      // (what the hover label reads) is given the name first, so the react below finds no change
      // there; gd.data gets it from the react as before. Were plotly to keep its full traces
      // elsewhere, the react would restyle as before: slower, not wrong.
      for (const [i, name] of unlisted) if (chart._fullData && chart._fullData[i]) chart._fullData[i].name = name;
      return Plotly.react(chart, figure.data, transition);
    }

    function draw() {
      for (const [target, when, index] of (spec.disable || [])) refs[target].disable(value[when] === index);
      const view = stateView(spec, value, lastFigure);
      readout.innerHTML = view.readout;
      root.dataset.state = JSON.stringify(traitValues(spec, value));  // as the widget's traits hold it
      if (view.figure !== lastFigure || lastView === null) {
        const previous = lastView === null ? null : lastFigure;
        lastFigure = view.figure;
        let layout = view.figure.layout;
        if (fixedLeft !== null) {
          layout = Object.assign({}, layout, {margin: Object.assign({}, layout.margin, {l: fixedLeft}),
                                               yaxis: Object.assign({}, layout.yaxis, {automargin: false})});
        }
        // plotly.js gets one `meta` for every state (the base's): a state's description is for
        // people (the figure's description and data table), and a changed meta makes plotly lay
        // the whole chart out again.
        layout = Object.assign({}, layout, {meta: spec.base.layout.meta});
        const drawn = redraw(previous, view.figure, layout);
        if (fixLeft && fixedLeft === null) Promise.resolve(drawn).then(() => { if (fixedLeft === null) fixedLeft = leftMargin(); });
        const table = details.querySelector('table.gleap-data-table');
        if (!table || !updateTable(table, view.figure, spec.words, spec.number)) {
          const fresh = dataTable(view.figure, spec.words, spec.number);
          if (table) table.replaceWith(fresh); else details.appendChild(fresh);
        }
        if (opts.description) {
          opts.description.textContent = view.description || readout.textContent;
        }
      }
      lastView = view;
    }
    draw();
    return {
      set(v) {
        value = JSON.parse(JSON.stringify(v));
        for (const c of spec.controls) refs[c.name].set(value[c.name]);
        draw();
      },
      value: () => value,
      chart,
    };
  }

  // the static site's copy of anywidget's _css: explorer.css, once per page, in its head
  function addStyle(css) {
    if (document.getElementById('gleap-explorer-css')) return;
    const style = document.createElement('style');
    style.id = 'gleap-explorer-css';
    style.textContent = css;
    document.head.appendChild(style);
  }

  return {mount, decodeSpec, b64bytes, addStyle, pageValue, traitValues, sameValue, stateView, labourAllocation, babelDecimal, displayNumber, npRound, fill};
})();

// ------------------------------------------------------------------ plotly.js
// JupyterLab (and Notebook 7, Binder, JupyterLite) load the plotly extension that comes with
// plotly (jupyterlab-plotly, a mime renderer whose bundle sets window.Plotly) before they render
// any output, and the static site loads plotly.js in its page: the explorer uses that copy. A front
// end with neither (VS Code, Colab) asks the kernel for plotly.min.js, once per page, by a custom
// message: a trait would send its 4.8 MB to every front end, those that have plotly.js too, and
// with every saved notebook's widget state.
function plotlyFromKernel(model) {
  if (!window.__gleapPlotly) {
    window.__gleapPlotly = new Promise(resolve => {
      const onMsg = (msg, buffers) => {
        if (!msg || msg.plotly_js !== true) return;
        model.off('msg:custom', onMsg);
        // plotly.min.js is a UMD bundle: run with no AMD/CommonJS in sight, it sets window.Plotly
        if (!window.Plotly) (new Function('define', 'module', 'exports', 'require', new TextDecoder().decode(buffers[0]))).call(window);
        resolve(window.Plotly);
      };
      model.on('msg:custom', onMsg);
      model.send({request: 'plotly_js'});
    });
  }
  return window.__gleapPlotly;
}

// ------------------------------------------------------------------ the anywidget (JupyterLab)
// The state is one trait per control. A move of the page's control redraws at once and then
// sets that control's trait (the kernel updates its figure and results without being waited for);
// a trait set from Python moves the page's control and redraws.
async function render({model, el}) {
  if (!window.Plotly) await plotlyFromKernel(model);
  const spec = await GLEAP.decodeSpec(model.get('_spec'));
  const traits = () => Object.fromEntries(spec.controls.map(c => [c.name, model.get(c.name)]));
  const view = GLEAP.mount(el, spec, GLEAP.pageValue(spec, traits()), value => {
    const now = GLEAP.traitValues(spec, value);
    const moved = spec.controls.filter(c => !GLEAP.sameValue(now[c.name], model.get(c.name)));
    if (!moved.length) return;
    for (const c of moved) model.set(c.name, now[c.name]);
    model.save_changes();
  });
  const follow = () => {
    const v = GLEAP.pageValue(spec, traits());
    if (!GLEAP.sameValue(v, view.value())) view.set(v);
  };
  const events = spec.controls.map(c => `change:${c.name}`);
  events.forEach(e => model.on(e, follow));
  return () => events.forEach(e => model.off(e, follow));
}

export { GLEAP };
export default {render};
