// The explorer's script, part 3: a started job's live progress bar (Server-Sent Events from
// jobs/<id>/events; polling asyncProbe when the stream is refused), its Cancel button, the table
// of the server's jobs (GET jobs), and the page's start.

/** Script part 3. */
export const SCRIPT_JOBS = String.raw`
var FINAL = { completed: true, failed: true, cancelled: true };

function percent(p) {
  return Math.round(Math.max(0, Math.min(1, p || 0)) * 100);
}

function probeText(p) {
  var done = p.status === "completed" ? 1 : p.progress;
  return p.status + " " + percent(done) + "%" + (p.message ? " " + p.message : "");
}

function followJob(out, id, name, suggestedWait) {
  var fill = el("div", { style: "width: 0%" });
  var status = el("span", { class: "job-status", text: "queued" });
  var result = el("div", { class: "job-result" });
  var cancel = el("button", { type: "button", class: "secondary cancel", text: "Cancel" });
  var box = el("div", { class: "job queued", "data-job": id }, [
    el("div", { class: "muted", text: "Job " + id }),
    el("div", { class: "bar", role: "progressbar" }, [fill]), status, " ", cancel, result,
  ]);
  out.append(box);
  var ended = false;
  function show(p) {
    box.className = "job " + p.status;
    fill.style.width = percent(p.status === "completed" ? 1 : p.progress) + "%";
    status.textContent = probeText(p);
    box.firstChild.textContent = "Job " + id;
  }
  function end(envelope) {
    if (ended) return;
    ended = true;
    cancel.disabled = true;
    if (envelope.status === "success") showValue(result, envelope.result, envelope.mimetype, name);
    else showError(result, envelope);
    refreshJobs();
  }
  cancel.addEventListener("click", async function () {
    cancel.disabled = true;
    var sent = await call(result, "jobs/" + encodeURIComponent(id), { method: "DELETE" });
    if (sent && !sent.res.ok) await showAnswer(result, sent.res, name, sent.started);
  });
  var stream = new EventSource("jobs/" + encodeURIComponent(id) + "/events");
  stream.addEventListener("progress", function (e) { show(JSON.parse(e.data)); });
  stream.addEventListener("end", function (e) {
    stream.close(); // or EventSource would reconnect
    end(JSON.parse(e.data));
  });
  stream.addEventListener("error", function () {
    stream.close();
    if (!ended) pollJob(id, suggestedWait, show, end);
  });
  refreshJobs();
}

// The fallback: probe every suggested wait (at least half a second) until the job ends.
async function pollJob(id, suggestedWait, show, end) {
  var q = "?UUID=" + encodeURIComponent(id);
  for (;;) {
    var res = await fetch("asyncProbe" + q);
    var body = await res.json().catch(function () { return null; });
    if (!res.ok || !body || body.status !== "success") {
      return end(body && body.status === "error" ? body : { type: "HTTPError", message: "" +
        res.status });
    }
    show(body.result);
    if (FINAL[body.result.status]) {
      var got = await fetch("asyncGet" + q);
      return end(await got.json());
    }
    await new Promise(function (r) { setTimeout(r, Math.max(500, suggestedWait * 1000)); });
  }
}

function shortTime(iso) {
  return iso ? new Date(iso).toLocaleTimeString() : "";
}

var jobsTimer;
async function refreshJobs() {
  clearTimeout(jobsTimer);
  var holder = document.getElementById("jobs");
  var res;
  try {
    res = await fetch("jobs", { credentials: "same-origin" });
  } catch (e) {
    holder.replaceChildren();
    return showError(holder, { type: "ConnectionError", message: "The server did not answer." });
  }
  var body = await res.json().catch(function () { return null; });
  holder.replaceChildren();
  if (!body || body.status !== "success") {
    return showError(holder, body || { type: "HTTPError", message: "HTTP " + res.status });
  }
  var jobs = body.result.slice().reverse(); // newest first
  if (!jobs.length) return holder.append(el("p", { class: "muted", text: "No jobs yet." }));
  var head = ["ID", "endpoint", "status", "progress", "message", "created", "started", "ended"];
  holder.append(el("table", {}, [
    el("thead", {}, [el("tr", {}, head.map(function (h) { return el("th", { text: h }); }))]),
    el("tbody", {}, jobs.map(function (j) {
      return el("tr", { "data-job": j.ID, class: j.status }, [
        el("td", { class: "mono", title: j.ID, text: j.ID.slice(0, 8) }),
        el("td", { class: "mono", text: j.endpoint }),
        el("td", { text: j.status }),
        el("td", {}, [el("div", { class: "bar" }, [
          el("div", { style: "width: " + percent(j.status === "completed" ? 1 : j.progress) + "%" }),
        ])]),
        el("td", { text: j.message || "" }),
        el("td", { text: shortTime(j.created) }),
        el("td", { text: shortTime(j.started) }),
        el("td", { text: shortTime(j.ended) }),
      ]);
    })),
  ]));
  var running = jobs.some(function (j) { return !FINAL[j.status]; });
  if (running) jobsTimer = setTimeout(refreshJobs, 1000);
}

document.getElementById("jobs-refresh").addEventListener("click", refreshJobs);
renderEndpoints();
if (DATA.endpoints.some(function (e) { return e.kind === "async"; })) refreshJobs();
else document.getElementById("jobs-panel").hidden = true;
`;
