//! `postlint serve`: placeholder; the page lives in `assets/` (index.html, app.js, app.css).
