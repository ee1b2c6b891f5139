// Draws each chart interactively over its static SVG, with the self-hosted Vega bundle, loaded only once a
// reader reaches a chart (scrolls it into view, after the page has loaded) or touches one (pointer or focus).
// The static SVG stays in place until the live chart has drawn, and if anything fails, so the page never loses
// a chart and its first view never waits for the bundle.
(function () {
  "use strict";
  var script = document.currentScript;
  var bundle = script ? script.getAttribute("data-vega") : null;
  var options = {
    ast: true,
    actions: false,
    defaultStyle: false,
    renderer: "svg",
    tooltip: { disableDefaultStyle: true }
  };
  var READER_ACTS = ["scroll", "wheel", "pointermove", "pointerdown", "keydown", "touchstart"];
  var CHART_TOUCHED = ["pointerenter", "pointerdown", "focusin"];
  var loading = null;
  var engaged = false;
  var inView = [];

  function loadVega() {
    if (!loading) {
      loading = new Promise(function (resolve, reject) {
        if (typeof window.vegaEmbed === "function") {
          resolve();
          return;
        }
        var tag = document.createElement("script");
        tag.src = bundle;
        tag.async = true;
        tag.onload = function () { resolve(); };
        tag.onerror = function () { reject(new Error("could not load " + bundle)); };
        document.head.appendChild(tag);
      });
    }
    return loading;
  }

  function swap(box, target) {
    var statics = box.querySelectorAll(".chart-static");
    for (var i = 0; i < statics.length; i += 1) {
      statics[i].remove();
    }
    target.classList.remove("chart-pending");
    box.setAttribute("data-drawn", "true");
  }

  function draw(box) {
    if (box.hasAttribute("data-drawing")) {
      return;
    }
    box.setAttribute("data-drawing", "true");
    var source = document.getElementById(box.getAttribute("data-spec"));
    var target = document.createElement("div");
    target.className = "chart-live chart-pending";
    loadVega().then(function () {
      box.appendChild(target);
      return window.vegaEmbed(target, JSON.parse(source.textContent), options);
    }).then(function () {
      swap(box, target);
    }).catch(function (error) {
      target.remove();
      box.setAttribute("data-error", String(error));
    });
  }

  function engage() {
    if (engaged) {
      return;
    }
    engaged = true;
    READER_ACTS.forEach(function (name) { window.removeEventListener(name, engage, true); });
    inView.forEach(draw);
    inView = [];
  }

  function watch(boxes) {
    if (!("IntersectionObserver" in window)) {
      boxes.forEach(function (box) { inView.push(box); });
      return;
    }
    var observer = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        var box = entry.target;
        if (!entry.isIntersecting) {
          inView = inView.filter(function (other) { return other !== box; });
        } else if (engaged) {
          observer.unobserve(box);
          draw(box);
        } else if (inView.indexOf(box) < 0) {
          inView.push(box);
        }
      });
    }, { rootMargin: "200px 0px" });
    boxes.forEach(function (box) { observer.observe(box); });
  }

  function start() {
    var boxes = Array.prototype.slice.call(document.querySelectorAll(".chart-box[data-spec]"));
    if (!boxes.length || !bundle) {
      return;
    }
    watch(boxes);
    boxes.forEach(function (box) {
      CHART_TOUCHED.forEach(function (name) {
        box.closest("figure").addEventListener(name, function () { draw(box); });
      });
    });
    READER_ACTS.forEach(function (name) {
      window.addEventListener(name, engage, { capture: true, passive: true });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
