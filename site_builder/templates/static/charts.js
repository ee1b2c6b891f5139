// Draws each chart interactively over its static SVG, using the self-hosted Vega bundle.
// The static SVG stays in place if anything fails, so the page never loses a chart.
(function () {
  "use strict";
  var options = {
    ast: true,
    actions: false,
    defaultStyle: false,
    renderer: "svg",
    tooltip: { disableDefaultStyle: true }
  };

  function draw(box) {
    var source = document.getElementById(box.getAttribute("data-spec"));
    if (!source || typeof window.vegaEmbed !== "function") {
      return;
    }
    var target = document.createElement("div");
    target.className = "chart-live";
    window.vegaEmbed(target, JSON.parse(source.textContent), options).then(function () {
      box.textContent = "";
      box.appendChild(target);
      box.setAttribute("data-drawn", "true");
    }).catch(function (error) {
      box.setAttribute("data-error", String(error));
    });
  }

  function start() {
    var boxes = document.querySelectorAll(".chart-box[data-spec]");
    for (var i = 0; i < boxes.length; i += 1) {
      draw(boxes[i]);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
