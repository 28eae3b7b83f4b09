// Walks a value the way structuredClone() would, to refuse what it refuses before anything is sent,
// and to name exactly where the offending part sits. Iterative, so deep values cannot overflow.

/** What the walk learned about a cloneable value. */
export interface CloneReport {
  /** The objects the value holds more than once (shared references and cycles), if any. */
  shared?: Set<object>;
}

const LEAF_TAGS = new Set([
  "[object Date]",
  "[object RegExp]",
  "[object ArrayBuffer]",
  "[object Number]",
  "[object String]",
  "[object Boolean]",
]);

interface Frame {
  value: unknown;
  parent: number;
  /** The step from the parent: an array index, or the path text (`.name`, `<key 0>`). */
  key: string | number;
}

// Only objects, functions and symbols need a frame: every other value is copied as it is.
function needsFrame(x: unknown): boolean {
  const type = typeof x;
  return type === "object" ? x !== null : type === "function" || type === "symbol";
}

/**
 * Throws a `TypeError` naming the path (e.g. `args[1].options.callback`) of the first part of
 * `value` that structuredClone() would refuse; otherwise reports what the encoder needs to know.
 */
export function checkCloneable(value: unknown, root: string): CloneReport {
  const frames: Frame[] = [{ value, parent: -1, key: root }];
  const seen = new Set<object>();
  let shared: Set<object> | undefined;
  for (let i = 0; i < frames.length; i++) {
    const v = frames[i].value;
    switch (typeof v) {
      case "function":
      case "symbol":
        throw refusal(frames, i, `is a ${typeof v}, which cannot be sent`);
      case "object":
        if (v === null) continue;
        if (seen.has(v)) {
          (shared ??= new Set()).add(v);
          continue;
        }
        seen.add(v);
        if (!pushChildren(frames, i, v)) {
          throw refusal(frames, i, `is a ${tagOf(v)}, which structuredClone() cannot copy`);
        }
        continue;
      default:
        continue;
    }
  }
  return { shared };
}

function pushChildren(frames: Frame[], at: number, v: object): boolean {
  if (Array.isArray(v)) {
    for (let k = 0; k < v.length; k++) {
      if (needsFrame(v[k])) frames.push({ value: v[k], parent: at, key: k });
    }
    return true;
  }
  if (ArrayBuffer.isView(v)) return true;
  if (v instanceof Map) {
    let k = 0;
    for (const [key, val] of v) {
      frames.push({ value: key, parent: at, key: `<key ${k}>` });
      frames.push({ value: val, parent: at, key: `<value ${k++}>` });
    }
    return true;
  }
  if (v instanceof Set) {
    let k = 0;
    for (const val of v) frames.push({ value: val, parent: at, key: `<item ${k++}>` });
    return true;
  }
  if (v instanceof Error) {
    if (Object.hasOwn(v, "cause")) frames.push({ value: v.cause, parent: at, key: ".cause" });
    return true;
  }
  const tag = tagOf(v);
  if (LEAF_TAGS.has(tag)) return true;
  if (tag !== "[object Object]" && !isPlainLike(v)) return false;
  for (const key of Object.keys(v)) {
    const value = (v as Record<string, unknown>)[key];
    if (needsFrame(value)) frames.push({ value, parent: at, key: `.${key}` });
  }
  return true;
}

// Class instances with a custom Symbol.toStringTag are still copied as plain objects.
function isPlainLike(v: object): boolean {
  const proto = Object.getPrototypeOf(v);
  return proto === null || proto === Object.prototype ||
    (typeof proto?.constructor === "function" && !isHostObject(v));
}

function isHostObject(v: object): boolean {
  return v instanceof Promise || v instanceof WeakMap || v instanceof WeakSet ||
    (typeof Blob !== "undefined" && v instanceof Blob) ||
    (typeof Request !== "undefined" && v instanceof Request) ||
    (typeof Response !== "undefined" && v instanceof Response) ||
    (typeof ReadableStream !== "undefined" && v instanceof ReadableStream);
}

function tagOf(v: object): string {
  return Object.prototype.toString.call(v);
}

function refusal(frames: Frame[], at: number, what: string): TypeError {
  const parts: string[] = [];
  for (let i = at; i >= 0; i = frames[i].parent) {
    const key = frames[i].key;
    parts.push(typeof key === "number" ? `[${key}]` : key);
  }
  const path = parts.reverse().join("");
  return new TypeError(
    `${path} ${what}. TARP sends what structuredClone() can copy: plain data, Date, RegExp, ` +
      `Map, Set, BigInt, ArrayBuffer, typed arrays and errors.`,
  );
}
