// The explorer's script, part 2: one card per endpoint with a form to call it. RPC and async
// arguments are typed as JSON (a string parameter takes text as it is); web endpoints take their
// query fields and, for POST, a body (JSON, text or a file).

/** Script part 2. */
export const SCRIPT_FORMS = String.raw`
var KIND_NAMES = { rpc: "RPC", async: "ASYNC", get: "GET", post: "POST" };

function typeHint(schema) {
  if (!schema) return "JSON, or text";
  var type = Array.isArray(schema.type) ? schema.type.join(" | ") : schema.type;
  var hint = type || (schema.enum ? "one of " + schema.enum.join(", ") : "JSON");
  return schema.description ? hint + ": " + schema.description : hint;
}

// The fields of an RPC or async endpoint: from its input schema, else its parameter names.
function argFields(e) {
  var s = e.input_schema;
  if (s && s.type === "array" && Array.isArray(s.prefixItems)) {
    return s.prefixItems.map(function (item, i) {
      return { name: (e.params || [])[i] || "arg" + i, schema: item };
    });
  }
  if (e.params) return e.params.map(function (name) { return { name: name, schema: null }; });
  return null;
}

// The query fields of a web endpoint: from its input schema's query, else queryParams.
function queryFields(e) {
  var q = e.input_schema && e.input_schema.properties && e.input_schema.properties.query;
  if (q && q.properties) {
    return Object.keys(q.properties).map(function (name) {
      var required = (q.required || []).indexOf(name) >= 0;
      return { name: name, schema: q.properties[name], required: required };
    });
  }
  var declared = e.query_params || [];
  if (Array.isArray(declared)) {
    return declared.map(function (name) { return { name: name, schema: null }; });
  }
  return Object.keys(declared).map(function (name) {
    return { name: name, schema: { type: "string", description: declared[name] } };
  });
}

function fieldRow(e, field, placeholder) {
  var id = e.name + "--" + field.name;
  var input = el("input", {
    type: "text", id: id, name: field.name, "data-field": field.name,
    placeholder: placeholder, required: field.required,
  });
  return [el("label", { for: id, text: field.name + (field.required ? " *" : "") }),
    el("div", {}, [input, el("div", { class: "hint", text: typeHint(field.schema) })])];
}

function parseArg(raw, schema) {
  if (schema && schema.type === "string") return raw;
  try { return JSON.parse(raw); } catch (e) { return raw; }
}

function readArgs(form, fields) {
  if (!fields) {
    var text = form.querySelector("[data-args]").value.trim();
    return text === "" ? [] : JSON.parse(text);
  }
  var args = [];
  fields.forEach(function (f) {
    var raw = form.querySelector("[data-field='" + CSS.escape(f.name) + "']").value;
    var value = raw === "" ? undefined : parseArg(raw, f.schema);
    if (f.name.slice(0, 3) === "...") args.push.apply(args, value === undefined ? [] : value);
    else args.push(value === undefined ? null : value);
  });
  while (args.length && args[args.length - 1] === null) args.pop(); // unset trailing arguments
  return args;
}

function readQuery(form, fields) {
  var query = new URLSearchParams();
  fields.forEach(function (f) {
    var value = form.querySelector("[data-field='" + CSS.escape(f.name) + "']").value;
    if (value !== "") query.append(f.name, value);
  });
  var extra = form.querySelector("[data-extra-query]").value.trim();
  new URLSearchParams(extra).forEach(function (v, k) { query.append(k, v); });
  var text = query.toString();
  return text ? "?" + text : "";
}

function readBody(form) {
  var mode = form.querySelector("[data-body-type]").value;
  if (mode === "none") return {};
  if (mode === "file") {
    var file = form.querySelector("[data-body-file]").files[0];
    if (!file) return {};
    return { body: file, headers: { "content-type": file.type || "application/octet-stream" } };
  }
  var text = form.querySelector("[data-body-text]").value;
  var type = mode === "json" ? "application/json" : "text/plain; charset=utf-8";
  return { body: text, headers: { "content-type": type } };
}

function bodyRows(e) {
  var declared = e.payload_mimetype || "";
  var initial = !declared || /json/.test(declared) ? "json" : /^text\//.test(declared) ? "text"
    : "file";
  var select = el("select", { "data-body-type": true, id: e.name + "--body-type" },
    ["json", "text", "file", "none"].map(function (m) {
      return el("option", { value: m, selected: m === initial, text: m });
    }));
  var text = el("textarea", { "data-body-text": true, placeholder: "the body" });
  var file = el("input", { type: "file", "data-body-file": true, hidden: initial !== "file" });
  text.hidden = initial === "file";
  select.addEventListener("change", function () {
    text.hidden = select.value === "file" || select.value === "none";
    file.hidden = select.value !== "file";
  });
  var hint = declared ? "expects " + declared : "JSON, text or a file";
  return [el("label", { for: select.id, text: "body" }),
    el("div", {}, [select, text, file, el("div", { class: "hint", text: hint })])];
}

function formOf(e, out) {
  var form = el("form", { class: "call" });
  var isWeb = e.kind === "get" || e.kind === "post";
  var fields = isWeb ? queryFields(e) : argFields(e);
  if (!isWeb && !fields) {
    form.append(el("label", { text: "args" }),
      el("textarea", { "data-args": true, placeholder: "[1, 2]  (a JSON array)" }));
  }
  (fields || []).forEach(function (f) {
    form.append.apply(form, fieldRow(e, f, isWeb ? "" : "JSON"));
  });
  if (isWeb) {
    form.append(el("label", { text: "more query" }),
      el("input", { type: "text", "data-extra-query": true, placeholder: "key=value&..." }));
  }
  if (e.kind === "post") form.append.apply(form, bodyRows(e));
  var button = el("button", { type: "submit", class: "call-button", text: "Call" });
  form.append(el("div", { class: "actions" }, [button]));
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    button.disabled = true;
    submit(e, form, fields, out).finally(function () { button.disabled = false; });
  });
  return form;
}

async function submit(e, form, fields, out) {
  out.replaceChildren();
  var path = encodeURIComponent(e.name);
  var init;
  try {
    if (e.kind === "get") init = { method: "GET" };
    else if (e.kind === "post") init = Object.assign({ method: "POST" }, readBody(form));
    else {
      init = { method: "POST", headers: { "content-type": "application/json" },
        body: JSON.stringify({ args: readArgs(form, fields) }) };
    }
    if (e.kind === "get" || e.kind === "post") path += readQuery(form, fields);
  } catch (err) {
    return showError(out, { type: "BadInput", message: "The arguments are not JSON: " + err });
  }
  var sent = await call(out, path, init, e.name);
  if (!sent) return;
  if (e.kind === "async" && sent.res.status === 202) {
    var ticket = (await sent.res.json()).result;
    return followJob(out, ticket.ID, e.name, ticket.suggested_wait);
  }
  await showAnswer(out, sent.res, e.name, sent.started);
}

function cardOf(e) {
  var out = el("div", { class: "output" });
  var params = e.params ? "(" + e.params.join(", ") + ")" : "";
  return el("article", { class: "card", id: "ep-" + e.name, "data-kind": e.kind }, [
    el("h2", {}, [el("span", { class: "kind " + e.kind, text: KIND_NAMES[e.kind] }),
      e.name + params]),
    el("p", { class: "desc", text: e.description }),
    formOf(e, out),
    out,
  ]);
}

function renderEndpoints() {
  var section = document.getElementById("endpoints");
  var toc = document.getElementById("toc");
  if (!DATA.endpoints.length) {
    section.append(el("p", { class: "muted", text: "This server has no endpoints." }));
  }
  ["rpc", "async", "get", "post"].forEach(function (kind) {
    var list = DATA.endpoints.filter(function (e) { return e.kind === kind; });
    if (!list.length) return;
    toc.append(el("h3", { text: KIND_NAMES[kind] }));
    list.forEach(function (e) {
      toc.append(el("a", { href: "#ep-" + e.name, text: e.name }));
      section.append(cardOf(e));
    });
  });
}
`;
