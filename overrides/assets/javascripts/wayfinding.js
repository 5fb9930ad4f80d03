/* Hamstring Atlas: "previous / next" on an exercise page, within the list it was reached from.
 *
 * A click on an exercise link inside a list or table of the content (a hub, a muscle, kit or
 * goal page, a ladder, the finder's results) remembers that list for this tab: its exercises
 * in order, its page (with the finder's filters, which live in the query string) and title.
 * An exercise page of that list then offers the one before and after it, and the way back,
 * in the breadcrumb's line (partials/atlas-breadcrumb.html), whose room is kept from the start.
 */
(function () {
  "use strict";

  var KEY = "atlas-trail";
  var EXERCISE = /\/exercises\/[^/#?]+(\/|\.html)$/;

  function bare(href) {
    var url = new URL(href, window.location.href);
    return url.origin + url.pathname;
  }

  function remember(link) {
    if (!EXERCISE.test(bare(link.href))) return;
    var list = link.closest("table, ul, ol");
    if (!list || !list.closest("article")) return;
    // The finder knows all its results, drawn or not yet.
    var urls = list.atlasUrls || Array.prototype.map.call(list.querySelectorAll("a[href]"), function (a) {
      return bare(a.href);
    });
    urls = urls.filter(function (u, i) { return EXERCISE.test(u) && urls.indexOf(u) === i; });
    var title = document.querySelector("article h1");
    try {
      window.sessionStorage.setItem(KEY, JSON.stringify({
        urls: urls,
        back: window.location.href,
        title: title ? title.textContent.replace("¶", "").trim() : document.title
      }));
    } catch (e) { /* storage off: no trail */ }
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a[href]");
    if (link) remember(link);
  }, true);

  function show() {
    var slot = document.querySelector(".atlas-trail");
    if (!slot) return;
    var trail;
    try { trail = JSON.parse(window.sessionStorage.getItem(KEY) || "null"); } catch (e) { trail = null; }
    if (!trail || !trail.urls) return;
    var at = trail.urls.indexOf(bare(window.location.href));
    if (at < 0 || trail.urls.length < 2) return;
    function link(href, text, rel, label) {
      var a = document.createElement("a");
      a.href = href;
      a.textContent = text;
      if (rel) a.rel = rel;
      if (label) a.setAttribute("aria-label", label);
      return a;
    }
    var count = (at + 1) + " of " + trail.urls.length;
    slot.setAttribute("role", "navigation");
    slot.setAttribute("aria-label", "In the list you came from");
    if (at > 0) slot.appendChild(link(trail.urls[at - 1], "‹ Previous", "prev"));
    slot.appendChild(link(trail.back, count, "", count + " in " + trail.title + ": back to the list"));
    if (at < trail.urls.length - 1) slot.appendChild(link(trail.urls[at + 1], "Next ›", "next"));
  }
  show();
})();
