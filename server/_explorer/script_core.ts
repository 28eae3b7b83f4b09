// The explorer's script, part 1: the page's data, DOM helpers, and how answers are shown (JSON
// pretty-printed, images as images, text as text, other bytes as a download, errors as the
// envelope's type and message). Plain browser JavaScript in a string; all URLs are relative, so
// the page works wherever the server is mounted.

/** Script part 1. */
export const SCRIPT_CORE = String.raw`
"use strict";
var DATA = JSON.parse(document.getElementById("tarp-data").textContent);

function el(tag, attrs, children) {
  var node = document.createElement(tag);
  for (var key in attrs || {}) {
    var value = attrs[key];
    if (value === undefined || value === null || value === false) continue;
    if (key === "text") node.textContent = value;
    else if (key.slice(0, 2) === "on") node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? "" : value);
  }
  (children || []).forEach(function (child) {
    if (child !== null && child !== undefined) {
      node.append(typeof child === "string" ? document.createTextNode(child) : child);
    }
  });
  return node;
}

function fatal(message) {
  var box = document.getElementById("fatal");
  box.hidden = false;
  box.textContent = message;
}
window.addEventListener("error", function (e) { fatal("Error: " + e.message); });
window.addEventListener("unhandledrejection", function (e) {
  fatal("Error: " + (e.reason && e.reason.message || e.reason));
});

function pretty(value) {
  return JSON.stringify(value, null, 2);
}

function showError(out, envelope, status) {
  var issues = Array.isArray(envelope.issues) ? el("ul", {}, envelope.issues.map(function (i) {
    return el("li", { text: (i.path.length ? i.path.join(".") : "(input)") + ": " + i.message });
  })) : null;
  out.append(el("div", { class: "error" }, [
    el("b", { class: "error-type", text: String(envelope.type) }), ": ",
    el("span", { class: "error-message", text: String(envelope.message) }),
    status ? el("span", { class: "muted", text: " (HTTP " + status + ")" }) : null,
    issues,
  ]));
}

function showBytes(out, blob, mimetype, name) {
  if (/^image\//.test(mimetype)) {
    out.append(el("img", { class: "value", src: URL.createObjectURL(blob), alt: name }));
    return;
  }
  out.append(el("a", {
    class: "download", href: URL.createObjectURL(blob), download: name,
    text: "Download " + name + " (" + blob.size + " bytes of " + mimetype + ")",
  }));
}

function base64Blob(text, mimetype) {
  var bytes = Uint8Array.from(atob(text), function (c) { return c.charCodeAt(0); });
  return new Blob([bytes], { type: mimetype });
}

// An envelope's result, shown by its mimetype.
function showValue(out, value, mimetype, name) {
  mimetype = String(mimetype || "application/json");
  if (typeof value === "string" && /^image\//.test(mimetype)) {
    return showBytes(out, base64Blob(value, mimetype), mimetype, name);
  }
  if (typeof value === "string" && mimetype === "application/octet-stream") {
    return showBytes(out, base64Blob(value, mimetype), mimetype, name);
  }
  var text = typeof value === "string" && !/json/.test(mimetype) ? value : pretty(value);
  out.append(el("pre", { class: "value", text: text === undefined ? "undefined" : text }));
}

function statusLine(out, res, ms, type) {
  out.append(el("div", {
    class: "status-line", text: res.status + " " + res.statusText + " · " + (type || "no body") +
      " · " + Math.round(ms) + " ms",
  }));
}

// Shows any answer: an envelope, a raw payload, or something that is neither.
async function showAnswer(out, res, name, started) {
  var type = (res.headers.get("content-type") || "").split(";")[0].trim().toLowerCase();
  var raw = res.headers.get("x-tarp-payload") === "raw";
  statusLine(out, res, performance.now() - started, type);
  if (!raw && /json/.test(type)) {
    var text = await res.text();
    var body;
    try { body = JSON.parse(text); } catch (e) { body = undefined; }
    if (body && body.status === "error") return showError(out, body, res.status);
    if (body && body.status === "success") return showValue(out, body.result, body.mimetype, name);
    if (body !== undefined) return showValue(out, body, "application/json", name);
    return out.append(el("pre", { class: "value", text: text }));
  }
  if (/^text\//.test(type) || /json|xml/.test(type)) {
    return out.append(el("pre", { class: "value", text: await res.text() }));
  }
  var blob = await res.blob();
  if (!res.ok) {
    return showError(out, { type: "HTTPError", message: "HTTP " + res.status + " " +
      res.statusText + " (" + blob.size + " bytes of " + (type || "no type") + ")" });
  }
  showBytes(out, blob, type || "application/octet-stream", name);
}

// fetch, but a network failure is shown as an error rather than thrown.
async function call(out, path, init, name) {
  var started = performance.now();
  var res;
  try {
    res = await fetch(path, Object.assign({ credentials: "same-origin" }, init));
  } catch (e) {
    showError(out, { type: "ConnectionError", message: "The server did not answer: " + e });
    return undefined;
  }
  return { res: res, started: started };
}
`;
