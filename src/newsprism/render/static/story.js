/* newsprism story page: click a finding to highlight it in every article. Reading needs no JS. */
(function () {
  "use strict";
  var current = null;
  var status = document.getElementById("find-status");
  var colors = { c: "claim", g: "quote", x: "conflict", n: "number", w: "framing", r: "reuse" };

  function clear() {
    document.querySelectorAll(".hl").forEach(function (e) { e.classList.remove("hl"); });
    document.querySelectorAll(".find.on").forEach(function (e) { e.classList.remove("on"); });
    document.querySelectorAll(".col").forEach(function (c) {
      c.classList.remove("has-hl", "no-hl");
      var f = c.querySelector(".found"); if (f) { f.textContent = ""; }
    });
    if (status) { status.textContent = ""; }
  }

  function show(key, button) {
    clear();
    if (current === key) { current = null; document.body.removeAttribute("data-sel"); return; }
    current = key;
    document.body.setAttribute("data-sel", colors[key.charAt(0)] || "claim");
    document.querySelectorAll('.find[data-key="' + key + '"]').forEach(function (b) { b.classList.add("on"); });
    var cols = document.querySelectorAll(".col"), found = 0, firstCol = null;
    cols.forEach(function (col) {
      var hits = col.querySelectorAll('[data-k~="' + key + '"]');
      var f = col.querySelector(".found");
      if (!hits.length) { col.classList.add("no-hl"); if (f) { f.textContent = " · not here"; } return; }
      found += 1;
      firstCol = firstCol || col;
      col.classList.add("has-hl");
      hits.forEach(function (h) { h.classList.add("hl"); });
      if (f) { f.textContent = " · found " + hits.length + "×"; }
      var text = col.querySelector(".text");
      text.scrollTop = Math.max(0, hits[0].offsetTop - 48);
    });
    if (status) {
      status.textContent = "Highlighted in " + found + " of " + cols.length + " articles" +
        (button ? ": " + button.textContent.trim().slice(0, 80) : "") + " (select again to clear)";
    }
    var articles = document.getElementById("articles");
    if (articles && firstCol) {
      var rect = articles.getBoundingClientRect();
      // Wide screens keep the articles in view beside the findings; narrow ones scroll to them.
      if (rect.top > window.innerHeight || rect.bottom < 0) {
        firstCol.scrollIntoView({ behavior: "smooth", block: "start", inline: "nearest" });
      } else {
        var cr = firstCol.getBoundingClientRect();
        if (cr.left < rect.left || cr.right > rect.right) {
          firstCol.parentNode.scrollLeft += cr.left - rect.left;
        }
      }
    }
  }

  document.addEventListener("click", function (e) {
    var b = e.target.closest ? e.target.closest(".find[data-key]") : null;
    if (!b) { return; }
    e.preventDefault();
    show(b.getAttribute("data-key"), b);
  });
})();
