// The header's search box, answered by Pagefind's index in /pagefind/. The form is in the page, hidden;
// this script shows it in place of the links offered instead, and loads the index only when a reader comes to
// the box (points at it, focuses it or types), so no page's first view waits for it. Without JavaScript, or if
// the index cannot be loaded, readers keep the links to countries and reports.
(function () {
  "use strict";
  var MAX_RESULTS = 8;
  var MAX_SECTIONS = 2;
  var DELAY_MS = 150;
  // Pagefind favours short pages; by default a long report page loses to every short country page that
  // names one of its sections. A weaker length penalty lists a section's name under its report first.
  var RANKING = { pageLength: 0.3 };

  function excerptNodes(html) {
    // Pagefind's excerpts mark the matched words with <mark>; keep those and plain text, nothing else.
    var parsed = new DOMParser().parseFromString("<p>" + html + "</p>", "text/html").body.firstChild;
    var nodes = [];
    parsed.childNodes.forEach(function (node) {
      if (node.nodeName === "MARK") {
        var mark = document.createElement("mark");
        mark.textContent = node.textContent;
        nodes.push(mark);
      } else {
        nodes.push(document.createTextNode(node.textContent));
      }
    });
    return nodes;
  }

  function link(url, title, excerpt, className) {
    var item = document.createElement("li");
    item.className = className;
    var anchor = document.createElement("a");
    anchor.href = url;
    anchor.textContent = title;
    item.appendChild(anchor);
    if (excerpt) {
      var text = document.createElement("p");
      excerptNodes(excerpt).forEach(function (node) { text.appendChild(node); });
      item.appendChild(text);
    }
    return item;
  }

  function resultItem(data) {
    var item = link(data.url, data.meta.title || data.url, data.excerpt, "search-result");
    var sections = (data.sub_results || []).filter(function (sub) { return sub.url !== data.url; });
    if (sections.length) {
      var list = document.createElement("ul");
      sections.slice(0, MAX_SECTIONS).forEach(function (sub) {
        list.appendChild(link(sub.url, sub.title, "", "search-section"));
      });
      item.appendChild(list);
    }
    return item;
  }

  function start(form, load) {
    var input = form.querySelector("input[type=search]");
    var status = form.querySelector(".search-status");
    var results = form.querySelector(".search-results");

    function show(term, found, items) {
      results.replaceChildren.apply(results, items);
      var words = found === 1 ? " result for " : " results for ";
      status.textContent = term ? found + words + "\u201c" + term + "\u201d" : "";
      form.classList.toggle("open", Boolean(term));
    }

    input.addEventListener("input", function () {
      var term = input.value.trim();
      if (!term) {
        show("", 0, []);
        return;
      }
      load().then(function (pagefind) {
        return pagefind.debouncedSearch(term, {}, DELAY_MS);
      }).then(function (search) {
        if (!search) {
          return null; // a newer search replaced this one
        }
        var current = search.results.filter(function (r) { return !replaced.has(r.id); });
        var first = current.slice(0, MAX_RESULTS);
        return Promise.all(first.map(function (r) { return r.data(); })).then(function (pages) {
          show(term, current.length, pages.map(resultItem));
        });
      }).catch(function () {
        return null; // no index: load() has put the links back
      });
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "Escape") {
        input.value = "";
        show("", 0, []);
      }
    });
    document.addEventListener("click", function (event) {
      if (!form.contains(event.target)) {
        form.classList.remove("open");
      }
    });
    input.addEventListener("focus", function () {
      form.classList.toggle("open", Boolean(input.value.trim()));
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var top = results.querySelector("a");
      if (top) {
        top.focus();
      }
    });
  }

  var form = document.getElementById("search");
  if (!form || !form.dataset.index) {
    return;
  }
  var fallback = document.getElementById("search-fallback");
  var loading = null;
  // Entries of the whole index that pages edited since it was made replace (see mergeBundles).
  var replaced = new Set();

  function offerLinks() {
    form.hidden = true;
    if (fallback) {
      fallback.hidden = false;
    }
  }

  // bundles.json names the bundles to merge into the first: the parts of the whole index (a large site is indexed
  // in parts) and the bundle of pages edited since it was made, with the whole index's entries those replace.
  function mergeBundles(pagefind, options) {
    var index = new URL(form.dataset.index, document.baseURI);
    return fetch(new URL("bundles.json", index)).then(function (response) {
      if (!response.ok) {
        throw new Error("no list of the search index's bundles");
      }
      return response.json();
    }).then(function (bundles) {
      var merged = bundles.parts.concat(bundles.edits ? [bundles.edits] : []);
      replaced = new Set(bundles.replaces);
      return Promise.all(merged.map(function (bundle) {
        return pagefind.mergeIndex(new URL(bundle, index).href, options);
      }));
    });
  }

  function load() {
    if (!loading) {
      // Results link below the address the site lives at (data-base, e.g. /transparency/), not the domain's root.
      var options = { ranking: RANKING, baseUrl: form.dataset.base || "/" };
      loading = import(form.dataset.index).then(function (pagefind) {
        return pagefind.options(options).then(function () {
          return pagefind.init();
        }).then(function () {
          return mergeBundles(pagefind, options);
        }).then(function () {
          return pagefind;
        });
      });
      loading.catch(offerLinks); // no index: the links to countries and reports come back
    }
    return loading;
  }

  start(form, load);
  ["pointerenter", "focusin"].forEach(function (name) {
    form.addEventListener(name, function () {
      load().catch(function () { return null; });
    });
  });
  form.hidden = false;
  if (fallback) {
    fallback.hidden = true;
  }
})();
