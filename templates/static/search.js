// Turns the header's search placeholder into Pagefind's search box, once Pagefind's UI has loaded.
// Without JavaScript (or if the index is missing) the placeholder's links to countries and reports stay.
(function () {
  "use strict";

  function start() {
    var box = document.getElementById("search");
    if (!box || typeof window.PagefindUI !== "function") {
      return;
    }
    box.textContent = "";
    box.classList.add("search-ready");
    new window.PagefindUI({
      element: "#search",
      showImages: false,
      showSubResults: true,
      resetStyles: false,
      translations: { placeholder: "Search countries, reports and commentary" }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
