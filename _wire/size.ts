// About how many bytes a value takes in memory, for budgets (retained job results): a walk that
// counts each object once and stops as soon as the count passes a cap, so that measuring a huge
// value costs no more than measuring the cap's worth of it.

/** About how many bytes `value` holds, or a number above `cap` as soon as it is known to be. */
export function estimateSize(value: unknown, cap = Infinity): number {
  const stack: unknown[] = [value];
  const seen = new Set<object>();
  let total = 0;
  while (stack.length > 0 && total <= cap) {
    const v = stack.pop();
    switch (typeof v) {
      case "string":
        total += 16 + v.length * 2;
        continue;
      case "object":
        break;
      default:
        total += 8;
        continue;
    }
    if (v === null || seen.has(v)) continue;
    seen.add(v);
    total += 32;
    if (ArrayBuffer.isView(v)) total += v.byteLength;
    else if (v instanceof ArrayBuffer) total += v.byteLength;
    else if (Array.isArray(v)) {
      total += 8 * v.length; // one slot each; numbers and booleans fit in it
      for (let i = 0; i < v.length && total <= cap; i++) {
        if (typeof v[i] === "object" || typeof v[i] === "string") stack.push(v[i]);
      }
    } else if (v instanceof Map) { for (const [k, x] of v) stack.push(k, x); }
    else if (v instanceof Set) { for (const x of v) stack.push(x); }
    else if (v instanceof Error) stack.push(v.message, (v as { cause?: unknown }).cause);
    else if (!(v instanceof Date) && !(v instanceof RegExp)) {
      for (const key of Object.keys(v)) {
        total += 16 + key.length * 2;
        stack.push((v as Record<string, unknown>)[key]);
      }
    }
  }
  return total;
}
