// Case forms: a filter over the product checkboxes, and the no-JavaScript refresh button hidden
// (htmx refreshes the releases, findings and reports as products change).
(function () {
  document.documentElement.classList.add("js");
  var filter = document.getElementById("product-filter");
  var list = document.getElementById("product-list");
  if (!filter || !list) { return; }
  var count = document.getElementById("product-filter-count");
  filter.hidden = false;
  function apply() {
    var words = filter.value.toLowerCase().split(/\s+/).filter(Boolean);
    var labels = list.querySelectorAll("label[data-search]");
    var shown = 0;
    labels.forEach(function (label) {
      var box = label.querySelector("input");
      var text = label.getAttribute("data-search");
      var match = words.every(function (w) { return text.indexOf(w) !== -1; });
      // A chosen product stays visible, so a filter never hides what will be submitted.
      label.hidden = !(match || (box && box.checked));
      if (!label.hidden) { shown += 1; }
    });
    if (count) { count.textContent = words.length ? shown + " of " + labels.length + " products shown" : ""; }
  }
  filter.addEventListener("input", apply);
  // Enter in the filter must not submit the case.
  filter.addEventListener("keydown", function (e) { if (e.key === "Enter") { e.preventDefault(); } });
})();
