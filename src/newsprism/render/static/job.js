/* newsprism ingest job page: poll the job's status until it finishes, then reload. */
(function () {
  "use strict";
  var box = document.getElementById("job");
  if (!box || box.getAttribute("data-finished") === "yes") { return; }
  var id = box.getAttribute("data-id");
  function set(id, value) { var e = document.getElementById(id); if (e) { e.textContent = value; } }
  function poll() {
    fetch("/api/v1/jobs/" + encodeURIComponent(id), { headers: { Accept: "application/json" } })
      .then(function (r) { return r.json(); })
      .then(function (j) {
        set("job-state", j.state);
        set("job-processed", j.processed);
        set("job-added", j.added.length);
        set("job-skipped", j.skipped);
        set("job-failed", j.failures.length);
        var p = document.getElementById("job-progress");
        if (p) { p.max = Math.max(j.inputs.length, j.processed, 1); p.value = j.processed; }
        var list = document.getElementById("job-failures");
        if (list && j.failures.length) {
          list.textContent = "";
          j.failures.forEach(function (f) {
            var li = document.createElement("li");
            li.textContent = f.source + " (" + f.stage + "): " + f.reason;
            list.appendChild(li);
          });
        }
        if (j.finished) { window.location.reload(); } else { window.setTimeout(poll, 800); }
      })
      .catch(function () { window.setTimeout(poll, 2000); });
  }
  window.setTimeout(poll, 300);
})();
