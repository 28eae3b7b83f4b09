// Reads a function's parameter names from its source, where that can be done reliably.

/** The parameter names of `fn`, or undefined when its source does not show them plainly. */
export function parameterNames(fn: (...args: never[]) => unknown): string[] | undefined {
  let src: string;
  try {
    src = Function.prototype.toString.call(fn);
  } catch {
    return undefined;
  }
  if (src.includes("[native code]")) return undefined;
  const list = parameterList(src);
  if (list === undefined) return undefined;
  const names: string[] = [];
  for (const raw of splitTopLevel(stripComments(list))) {
    const part = raw.trim();
    if (part === "") continue;
    const match = /^(\.\.\.)?\s*([A-Za-z_$][\w$]*)/.exec(part);
    // A destructured parameter has no single name; report its position instead.
    names.push(match ? (match[1] ? "..." : "") + match[2] : `arg${names.length}`);
  }
  return names;
}

function parameterList(src: string): string | undefined {
  const arrow = /^\s*(?:async\s+)?([A-Za-z_$][\w$]*)\s*=>/.exec(src);
  if (arrow) return arrow[1];
  const open = src.indexOf("(");
  if (open < 0) return undefined;
  let depth = 0;
  for (let i = open; i < src.length; i++) {
    const c = src[i];
    if (c === "(" || c === "[" || c === "{") depth++;
    else if (c === ")" || c === "]" || c === "}") {
      if (--depth === 0) return src.slice(open + 1, i);
    } else if (c === '"' || c === "'" || c === "`") return undefined; // defaults with strings
  }
  return undefined;
}

function stripComments(s: string): string {
  return s.replace(/\/\*[\s\S]*?\*\//g, "").replace(/\/\/.*$/gm, "");
}

function splitTopLevel(s: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === "(" || c === "[" || c === "{") depth++;
    else if (c === ")" || c === "]" || c === "}") depth--;
    else if (c === "," && depth === 0) {
      parts.push(s.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(s.slice(start));
  return parts;
}
