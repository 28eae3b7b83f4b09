// Reads a function's parameters from its source, where that can be done reliably: discovery
// publishes their names, and named arguments (kwargs) bind to them.

/** One parameter of a function, as its source shows it. */
export interface Parameter {
  /** Its name; `argN` (its position) for a destructured parameter, which has no single name. */
  name: string;
  /** A rest parameter (`...name`), which takes the remaining positional arguments. */
  rest: boolean;
  /** False for a destructured parameter: it cannot be given by name. */
  named: boolean;
}

/** The parameters of `fn`, or undefined when its source does not show them plainly. */
export function readParameters(fn: (...args: never[]) => unknown): Parameter[] | undefined {
  let src: string;
  try {
    src = Function.prototype.toString.call(fn);
  } catch {
    return undefined;
  }
  if (src.includes("[native code]")) return undefined;
  const list = parameterList(src);
  if (list === undefined) return undefined;
  const params: Parameter[] = [];
  for (const raw of splitTopLevel(stripComments(list))) {
    const part = raw.trim();
    if (part === "") continue;
    const match = /^(\.\.\.)?\s*([A-Za-z_$][\w$]*)/.exec(part);
    const rest = part.startsWith("...");
    params.push(
      match ? { name: match[2], rest, named: true } : {
        name: `arg${params.length}`,
        rest,
        named: false,
      },
    );
  }
  return params;
}

/** The name discovery publishes: `...name` for a rest parameter, `argN` for a destructured one. */
export function publishedName(p: Parameter): string {
  return p.named && p.rest ? `...${p.name}` : p.name;
}

/** The names discovery publishes for `fn`'s parameters, or undefined when they cannot be read. */
export function parameterNames(fn: (...args: never[]) => unknown): string[] | undefined {
  return readParameters(fn)?.map(publishedName);
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
