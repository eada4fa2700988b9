// Site-wide behaviour (loaded on every page; the CSP allows only our own scripts).
// On a phone the menu and the tabs scroll sideways: bring the current one into view.
document.addEventListener("DOMContentLoaded", () => {
  for (const current of document.querySelectorAll(".md-menu [aria-current], .md-subnav [aria-current]")) {
    const row = current.closest("ul");
    if (row && row.scrollWidth > row.clientWidth) {
      row.scrollLeft = current.offsetLeft - row.offsetLeft - (row.clientWidth - current.offsetWidth) / 2;
    }
  }
});
