// Live countdowns for the Art. 14 reports. The server renders every countdown as text, so the
// page works without JavaScript; this only keeps the text current. No inline scripts (CSP).
(function () {
  var clocks = document.querySelectorAll("[data-due]");
  if (!clocks.length) { return; }
  function describe(ms) {
    var late = ms < 0, s = Math.floor(Math.abs(ms) / 1000);
    var d = Math.floor(s / 86400), h = Math.floor((s % 86400) / 3600), m = Math.floor((s % 3600) / 60);
    var parts = d ? [d + " d", h + " h"] : (h ? [h + " h"] : []);
    parts.push(m + " min");
    return (late ? "overdue by " : "due in ") + parts.join(" ");
  }
  function tick() {
    var now = Date.now();
    clocks.forEach(function (el) {
      var due = Date.parse(el.getAttribute("data-due"));
      if (isNaN(due)) { return; }
      el.textContent = describe(due - now);
      el.classList.toggle("overdue", due < now);
    });
  }
  tick();
  window.setInterval(tick, 30000);
})();
