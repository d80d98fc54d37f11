// The theme's sidebar toggles (a <summary> holding only an icon) get a name screen readers can say.
document.addEventListener("DOMContentLoaded", () => {
  const word = document.documentElement.lang === "pl" ? "Pokaż lub ukryj podstrony" : "Show or hide the pages below";
  document.querySelectorAll("nav summary, .bd-sidebar summary").forEach(s => {
    if (!s.textContent.trim() && !s.getAttribute("aria-label")) s.setAttribute("aria-label", word);
  });
});
