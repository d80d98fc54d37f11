// The theme's sidebar toggles (a <summary> holding only an icon) get a name screen readers can say.
document.addEventListener("DOMContentLoaded", () => {
  // the page's words come from the catalogue (site/conf.py writes window.gleapSiteWords)
  const word = (window.gleapSiteWords || {}).toggle_pages;
  if (!word) return;
  document.querySelectorAll("nav summary, .bd-sidebar summary").forEach(s => {
    if (!s.textContent.trim() && !s.getAttribute("aria-label")) s.setAttribute("aria-label", word);
  });
});
