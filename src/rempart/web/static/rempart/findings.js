// Findings table: the header checkbox selects every finding on the page. Delegated on the
// document, so it keeps working after htmx swaps the table.
document.addEventListener("change", function (event) {
  var box = event.target;
  if (!box || !box.matches || !box.matches("input[data-select-all]")) { return; }
  var form = box.closest("form");
  if (!form) { return; }
  form.querySelectorAll("input[name='" + box.getAttribute("data-select-all") + "']").forEach(function (item) {
    item.checked = box.checked;
  });
});
