// The course site's own script (deferred: it runs once the page is parsed).

// The theme's sidebar toggles (a <summary> holding only an icon) get a name screen readers can say.
document.addEventListener("DOMContentLoaded", () => {
  // the page's words come from the catalogue (site/conf.py writes window.gleapSiteWords)
  const word = (window.gleapSiteWords || {}).toggle_pages;
  if (!word) return;
  document.querySelectorAll("nav summary, .bd-sidebar summary").forEach(s => {
    if (!s.textContent.trim() && !s.getAttribute("aria-label")) s.setAttribute("aria-label", word);
  });
});

// Charts and explorers, drawn when they come near the screen, so that a page shows its text first
// (issue 22: Lighthouse, page weight). plotly.js (_static/plotly-gleap.min.js, 1.2 MB) is loaded
// only when the first chart is about to be seen, and the charts are drawn one at a time, the page
// given back between two (no long task of several charts). Every chart's room is already in the
// page (its height; its description and data table are in the HTML), so nothing moves when it is
// drawn. A chart is the figure's JSON beside its plotly div (tools/site_render.py); an explorer
// registers its own drawing in window.gleapCharts as the page is parsed (gleap_data.widgets).
// On paper: Ctrl+P (Cmd+P) draws every chart first, then prints; the browser's own print menu
// draws what it can at once (beforeprint) and opens every data table.
(() => {
  const PLOTLY_URL = new URL("plotly-gleap.min.js", document.currentScript.src).href;
  const AHEAD = "600px 0px";  // drawn while still this far below (or above) the screen
  const charts = new Map();  // element -> draw(), not drawn yet
  let plotly = null;
  let queue = Promise.resolve();

  function loadPlotly() {
    if (!plotly) {
      plotly = window.Plotly ? Promise.resolve(window.Plotly) : new Promise((resolve, reject) => {
        const script = document.createElement("script");
        script.src = PLOTLY_URL;
        script.async = true;
        script.onload = () => resolve(window.Plotly);
        script.onerror = () => reject(new Error("plotly.js did not load from " + PLOTLY_URL));
        document.head.appendChild(script);
      });
    }
    return plotly;
  }

  // give the page back (input, paint) between two charts
  const yieldToPage = () => (window.scheduler && scheduler.yield) ? scheduler.yield()
    : new Promise(resolve => setTimeout(resolve, 0));

  function draw(element) {
    const job = charts.get(element);
    if (!job) return queue;
    charts.delete(element);
    if (observer) observer.unobserve(element);
    // one chart's failure is reported (as an uncaught error) and does not stop the others; nor does
    // a chart whose drawing promise is slow to settle (plotly.js resolves newPlot only once its
    // margins have settled): the next one waits for it 1 s at most
    const settled = () => Promise.race([Promise.resolve(job()), new Promise(resolve => setTimeout(resolve, 1000))]);
    queue = queue.then(loadPlotly).then(settled).then(yieldToPage)
      .catch(error => { setTimeout(() => { throw error; }); });
    return queue;
  }

  // An explorer's precomputed positions are a file of their own (explorer-data/<sha>.js, written by
  // tools/site_pages.py), loaded when the explorer is drawn, not with the page (250 kB in lesson 07).
  // A classic <script src>, which registers its payload in window.gleapExplorerData: it loads from
  // file:// too, where Chromium refuses fetch() of a local file.
  const payloads = new Map();  // absolute URL -> Promise of the payload's base64 text
  window.gleapExplorerPayload = url => {
    const href = new URL(url, document.baseURI).href;
    if (!payloads.has(href)) {
      payloads.set(href, new Promise((resolve, reject) => {
        const name = href.split("/").pop().replace(/\.js$/, "");
        const script = document.createElement("script");
        script.src = href;
        script.async = true;
        script.onload = () => {
          const data = (window.gleapExplorerData || {})[name];
          if (data) resolve(data); else reject(new Error("an explorer's data file registered nothing: " + href));
        };
        script.onerror = () => reject(new Error("an explorer's data did not load from " + href));
        document.head.appendChild(script);
      }));
    }
    return payloads.get(href);
  };

  function figureDrawing(div) {
    return () => {
      const source = document.querySelector(`script.gleap-chart-figure[data-for="${div.id}"]`);
      const figure = JSON.parse(source.textContent);
      return window.Plotly.newPlot(div, figure.data, figure.layout, figure.config);
    };
  }

  const observer = "IntersectionObserver" in window ? new IntersectionObserver(entries => {
    entries.filter(e => e.isIntersecting).map(e => e.target)
      .sort((a, b) => (a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING) ? -1 : 1)
      .forEach(draw);
  }, {rootMargin: AHEAD}) : null;

  function add(element, job) {
    if (!element || charts.has(element)) return;
    charts.set(element, job);
    if (observer) observer.observe(element); else draw(element);
  }

  document.querySelectorAll("div.plotly-graph-div").forEach(div => {
    if (document.querySelector(`script.gleap-chart-figure[data-for="${div.id}"]`)) add(div, figureDrawing(div));
  });
  // explorers registered while the page was parsed, and any registered later
  const registered = window.gleapCharts || [];
  window.gleapCharts = {push: (...items) => items.forEach(([host, job]) => add(host, job))};
  registered.forEach(([host, job]) => add(host, job));

  // Every chart not drawn yet, in page order (what printing needs).
  function drawAll() {
    return Promise.all(Array.from(charts.keys()).map(draw));
  }

  document.addEventListener("keydown", event => {
    if ((event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === "p" && charts.size) {
      event.preventDefault();
      drawAll().then(() => window.print());
    }
  });
  window.addEventListener("beforeprint", () => {
    // print now: plain charts can be drawn at once when plotly.js is here; an explorer (its payload
    // is unpacked asynchronously) or a page whose plotly.js is not loaded yet prints its data table
    if (window.Plotly) {
      for (const [element, job] of Array.from(charts)) {
        if (element.classList.contains("plotly-graph-div")) {
          charts.delete(element);
          if (observer) observer.unobserve(element);
          job();
        }
      }
    }
    if (charts.size) {
      document.querySelectorAll("details.gleap-data").forEach(d => { d.open = true; });
      drawAll();
    }
  });
})();
