/* Hamstring Atlas exercise finder.
 *
 * Reads the catalogue that the build publishes as catalog.js (window.ATLAS_CATALOG, the same
 * data as catalog.json, loadable from file:// where fetch() of JSON fails), builds a form of
 * facets and lists the exercises that match. The filter state lives in the query string, so a
 * search can be bookmarked and shared. No framework; the filtering core is pure and exposed as
 * window.AtlasFinder so the browser tests can check it against the catalogue.
 */
(function () {
  "use strict";

  var NO_EQUIPMENT = "none";
  var NO_EQUIPMENT_NAME = "No equipment";
  var PAGE_SIZE = 50; /* results drawn at a time */

  /* Facets in the order they appear in the form and in the URL. `vocabulary` names the
   * catalogue vocabulary that lists the choices and their order. */
  var FACETS = [
    { key: "muscle", label: "Muscle worked", vocabulary: null,
      hint: "Any of the ticked muscles, as a main mover or a helper." },
    { key: "equipment", label: "What I have", vocabulary: "equipment",
      hint: "Listed only when you have everything an exercise needs." },
    { key: "goal", label: "Goal", vocabulary: "goals", hint: "Any of the ticked goals." },
    { key: "difficulty", label: "Difficulty", vocabulary: "difficulty",
      hint: "Any of the ticked levels." },
    { key: "kind", label: "Kind of exercise", vocabulary: "kinds", hint: "Any of the ticked kinds." },
    { key: "legs", label: "Legs", vocabulary: "legs", hint: "Any of the ticked ways." }
  ];
  var FACET_KEYS = FACETS.map(function (f) { return f.key; });

  function list(value) {
    if (Array.isArray(value)) return value;
    return value === undefined || value === null || value === "" ? [] : [value];
  }

  /* The kit an exercise needs; an empty list means none. */
  function kit(ex) {
    var items = list(ex.equipment);
    return items.length ? items : [NO_EQUIPMENT];
  }

  /* The values an exercise has for one facet. */
  function facetValues(ex, facet) {
    switch (facet) {
      case "muscle": return list(ex.primary_muscles).concat(list(ex.secondary_muscles));
      case "equipment": return kit(ex);
      case "goal": return list(ex.goals);
      case "difficulty": return list(ex.difficulty);
      case "kind": return list(ex.kind);
      case "legs": return list(ex.legs);
      default: throw new Error("unknown facet " + facet);
    }
  }

  /* AND across facets, OR within a facet. "What I have" is the exception: an exercise matches
   * when everything it needs is among the items ticked ("none" stands for no equipment). */
  function matches(ex, state) {
    return FACET_KEYS.every(function (facet) {
      var chosen = list(state[facet]);
      if (!chosen.length) return true;
      var values = facetValues(ex, facet);
      if (facet === "equipment") {
        return values.every(function (v) { return chosen.indexOf(v) >= 0; });
      }
      return values.some(function (v) { return chosen.indexOf(v) >= 0; });
    });
  }

  /* What the finder lists: every exercise, and every variation of one (a section of its page
   * with its own kit, difficulty and legs; muscles, goals and kind are its exercise's). */
  function entries(catalog) {
    var result = [];
    list(catalog.exercises).forEach(function (ex) {
      result.push(ex);
      list(ex.variations).forEach(function (v) {
        result.push({
          slug: ex.slug + "#" + v.anchor,
          url: v.url || ex.url + "#" + v.anchor,
          title: ex.title + ": " + v.title,
          variation_of: ex.title,
          summary: v.summary || "",
          kind: ex.kind,
          primary_muscles: ex.primary_muscles,
          secondary_muscles: ex.secondary_muscles,
          goals: ex.goals,
          equipment: v.equipment === undefined ? ex.equipment : v.equipment,
          difficulty: v.difficulty || ex.difficulty,
          legs: v.legs || ex.legs,
          thumbnail: ex.thumbnail
        });
      });
    });
    return result;
  }

  function difficultyRank(catalog) {
    var rank = {};
    list((catalog.vocabularies || {}).difficulty).forEach(function (t, i) { rank[t.slug] = i; });
    return rank;
  }

  /* The matching exercises and variations, easiest first, then by title. */
  function filter(catalog, state) {
    var rank = difficultyRank(catalog);
    return entries(catalog)
      .filter(function (ex) { return matches(ex, state); })
      .sort(function (a, b) {
        var ra = rank[a.difficulty] === undefined ? 99 : rank[a.difficulty];
        var rb = rank[b.difficulty] === undefined ? 99 : rank[b.difficulty];
        return ra - rb || (a.title < b.title ? -1 : a.title > b.title ? 1 : 0);
      });
  }

  /* Choices of each facet: the terms some exercise uses, in vocabulary order. */
  function choices(catalog) {
    var vocabularies = catalog.vocabularies || {};
    var used = {};
    FACET_KEYS.forEach(function (facet) { used[facet] = {}; });
    entries(catalog).forEach(function (ex) {
      FACET_KEYS.forEach(function (facet) {
        facetValues(ex, facet).forEach(function (v) { used[facet][v] = true; });
      });
    });
    var result = {};
    FACETS.forEach(function (f) {
      var terms;
      if (f.key === "muscle") {
        // The muscles most exercises train as a main mover come first.
        var movers = function (m) { return list(m.primary).length; };
        terms = list(catalog.muscles).slice().sort(function (a, b) {
          return movers(b) - movers(a) || (a.title < b.title ? -1 : 1);
        }).map(function (m) { return { slug: m.slug, name: m.title, definition: m.latin || "" }; });
      } else {
        terms = list(vocabularies[f.vocabulary]).map(function (t) {
          return { slug: t.slug, name: t.name, definition: t.definition || "" };
        });
        if (f.key === "equipment") {
          terms.unshift({ slug: NO_EQUIPMENT, name: NO_EQUIPMENT_NAME, definition: "" });
        }
      }
      var known = {};
      terms.forEach(function (t) { known[t.slug] = true; });
      // A value used by an exercise but missing from its vocabulary still gets a choice.
      Object.keys(used[f.key]).sort().forEach(function (slug) {
        if (!known[slug]) terms.push({ slug: slug, name: slug, definition: "" });
      });
      result[f.key] = terms.filter(function (t) { return used[f.key][t.slug]; });
    });
    return result;
  }

  /* Filter state from a query string such as "?muscle=a,b&equipment=none"; values that are
   * not among the choices are dropped. */
  function parseState(search, options) {
    var params = new URLSearchParams(search);
    var state = {};
    FACET_KEYS.forEach(function (facet) {
      var allowed = (options && options[facet]) || null;
      var seen = {};
      state[facet] = (params.get(facet) || "").split(",").filter(function (v) {
        if (!v || seen[v]) return false;
        seen[v] = true;
        return !allowed || allowed.some(function (t) { return t.slug === v; });
      });
    });
    return state;
  }

  /* The query string of a state: facets in a fixed order, empty ones left out. */
  function stateToSearch(state) {
    var parts = [];
    FACET_KEYS.forEach(function (facet) {
      var values = list(state[facet]);
      if (values.length) parts.push(facet + "=" + values.map(encodeURIComponent).join(","));
    });
    return parts.length ? "?" + parts.join("&") : "";
  }

  /* A catalogue URL ("exercises/x/") as a link from this page, in a build with or without
   * directory URLs (the offline build has none: "exercises/x.html"). */
  function pageHref(url, base, directoryUrls) {
    var path = url;
    if (!directoryUrls) {
      path = url.replace(/^(#|$)/, "index.html$1").replace(/\/(#|$)/, ".html$1");
    }
    return (base && base !== "." ? base.replace(/\/$/, "") + "/" : "") + path;
  }

  var core = {
    NO_EQUIPMENT: NO_EQUIPMENT,
    FACETS: FACETS,
    facetValues: facetValues,
    entries: entries,
    matches: matches,
    filter: filter,
    choices: choices,
    parseState: parseState,
    stateToSearch: stateToSearch,
    pageHref: pageHref
  };
  window.AtlasFinder = core;

  /* ---- The page ---------------------------------------------------------------------- */

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      if (name === "text") node.textContent = attrs[name];
      else node.setAttribute(name, attrs[name]);
    });
    list(children).forEach(function (child) {
      if (child === "") return;
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  function mount(root, catalog, script) {
    var base = script.getAttribute("data-base") || ".";
    var directoryUrls = script.getAttribute("data-directory-urls") !== "false";
    var options = choices(catalog);
    var names = {};
    FACETS.forEach(function (f) {
      names[f.key] = {};
      options[f.key].forEach(function (t) { names[f.key][t.slug] = t.name; });
    });
    var all = entries(catalog);
    var total = all.length;
    var noun = all.length > list(catalog.exercises).length ? "exercises and variations" : "exercises";
    var wide = window.matchMedia && window.matchMedia("(min-width: 60em)").matches;
    var state = parseState(window.location.search, options);

    var form = el("form", { class: "atlas-finder__form", "aria-label": "Filters" });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    var summaries = {};
    FACETS.forEach(function (f) {
      var details = el("details", { class: "atlas-facet", "data-facet": f.key });
      // "What I have" starts open on a phone too: home, finder, a tick, a result is three taps.
      if (wide || f.key === "equipment" || state[f.key].length) details.open = true;
      var tally = el("span", { class: "atlas-facet__tally" });
      summaries[f.key] = tally;
      details.appendChild(el("summary", {}, [f.label, tally]));
      var hintId = "atlas-hint-" + f.key;
      var fieldset = el("fieldset", { "aria-describedby": hintId }, [
        el("legend", { class: "atlas-visually-hidden", text: f.label }),
        el("p", { class: "atlas-facet__hint", id: hintId, text: f.hint })
      ]);
      var chips = el("div", { class: "atlas-facet__choices" });
      options[f.key].forEach(function (term) {
        var id = "atlas-" + f.key + "-" + term.slug;
        var box = el("input", { type: "checkbox", id: id, name: f.key, value: term.slug });
        box.checked = state[f.key].indexOf(term.slug) >= 0;
        var attrs = { for: id, class: "atlas-chip" };
        if (term.definition) attrs.title = term.definition;
        chips.appendChild(el("label", attrs, [box, term.name]));
      });
      fieldset.appendChild(chips);
      details.appendChild(fieldset);
      form.appendChild(details);
    });
    var clear = el("button", { type: "button", class: "md-button atlas-finder__clear", text: "Clear all filters" });
    form.appendChild(clear);

    // The count stays in view above the form while it scrolls, with a way down to the list.
    var count = el("p", { class: "atlas-finder__count", role: "status", "aria-live": "polite", id: "atlas-finder-count" });
    var bar = el("div", { class: "atlas-finder__bar" }, [
      count, el("a", { href: "#atlas-results-heading", text: "Show the list" })
    ]);
    var results = el("ul", { class: "atlas-results", "aria-labelledby": "atlas-results-heading" });
    root.appendChild(bar);
    root.appendChild(form);
    root.appendChild(el("h2", { id: "atlas-results-heading", text: "Matching exercises" }));
    root.appendChild(results);
    var more = el("button", { type: "button", class: "md-button atlas-finder__more", hidden: "" });
    root.appendChild(more);

    function readForm() {
      var next = {};
      FACET_KEYS.forEach(function (facet) {
        next[facet] = Array.prototype.filter.call(
          form.querySelectorAll('input[name="' + facet + '"]'),
          function (box) { return box.checked; }
        ).map(function (box) { return box.value; });
      });
      return next;
    }

    /* One result as a list item. */
    function resultItem(ex) {
      var kitNames = kit(ex).map(function (k) { return names.equipment[k] || k; });
      return el("li", { class: "atlas-result", "data-slug": ex.slug }, [
        ex.thumbnail  /* decorative: the title names the exercise */
          ? el("img", { class: "atlas-thumb", src: pageHref(ex.thumbnail, base, true), alt: "" })
          : "",
        el("h3", { class: "atlas-result__title" }, [
          el("a", { href: pageHref(ex.url, base, directoryUrls), text: ex.title })
        ]),
        ex.variation_of
          ? el("p", { class: "atlas-result__variation", text: "A variation of " + ex.variation_of + ", on its page." })
          : "",
        el("p", { class: "atlas-result__summary", text: ex.summary || "" }),
        el("p", { class: "atlas-result__meta" }, [
          el("span", { class: "atlas-result__difficulty" }, [
            el("strong", { text: "Difficulty: " }), names.difficulty[ex.difficulty] || ex.difficulty
          ]),
          " ",
          el("span", { class: "atlas-result__equipment" }, [
            el("strong", { text: "Equipment: " }), kitNames.join(", ")
          ])
        ])
      ]);
    }

    /* Results are drawn a page at a time: the next page when the "show more" button comes
     * near the screen, or when it is pressed. A thousand exercises stay one click away. */
    var found = [];
    var drawn = 0;
    function drawMore() {
      var page = document.createDocumentFragment();
      var end = Math.min(found.length, drawn + PAGE_SIZE);
      for (; drawn < end; drawn++) page.appendChild(resultItem(found[drawn]));
      results.appendChild(page);
      var left = found.length - drawn;
      more.hidden = left <= 0;
      more.textContent = "Show " + Math.min(left, PAGE_SIZE) + " more (" + left + " not shown yet)";
    }
    more.addEventListener("click", function () {
      var next = drawn;
      drawMore();
      var link = results.children[next] && results.children[next].querySelector("a");
      if (link) link.focus();
    });
    if (window.IntersectionObserver) {
      new IntersectionObserver(function (seen) {
        if (seen.some(function (e) { return e.isIntersecting; }) && !more.hidden) drawMore();
      }, { rootMargin: "0px 0px 600px 0px" }).observe(more);
    }

    function render() {
      found = filter(catalog, state);
      // Every result's page, for "previous / next" on it (wayfinding.js).
      results.atlasUrls = found.map(function (ex) {
        var url = new URL(pageHref(ex.url, base, directoryUrls), window.location.href);
        return url.origin + url.pathname;
      });
      FACET_KEYS.forEach(function (facet) {
        var n = state[facet].length;
        summaries[facet].textContent = n ? " (" + n + " chosen)" : "";
      });
      count.textContent = found.length === total
        ? "All " + total + " " + noun + " shown."
        : found.length + " of " + total + " " + noun + " match.";
      results.textContent = "";
      drawn = 0;
      if (!found.length) {
        results.appendChild(el("li", { class: "atlas-results__none",
          text: "No exercise fits all of these choices. Untick one to widen the search." }));
      }
      drawMore();
      var search = stateToSearch(state);
      if (search !== window.location.search) {
        window.history.replaceState(null, "", window.location.pathname + search + window.location.hash);
      }
    }

    form.addEventListener("change", function () { state = readForm(); render(); });
    clear.addEventListener("click", function () {
      Array.prototype.forEach.call(form.querySelectorAll("input[type=checkbox]"), function (box) {
        box.checked = false;
      });
      state = readForm();
      render();
    });
    render();
    root.hidden = false;
  }

  var script = document.currentScript;
  function start() {
    var root = document.getElementById("atlas-finder");
    if (!root || !script) return;
    var catalog = window.ATLAS_CATALOG;
    if (!catalog) {
      root.hidden = false;
      root.appendChild(el("p", { text: "The exercise catalogue could not be loaded; use the pages by muscle, equipment or goal instead." }));
      return;
    }
    var fallback = document.getElementById("atlas-finder-fallback");
    if (fallback) fallback.hidden = true;
    mount(root, catalog, script);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
