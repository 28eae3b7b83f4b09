// What tests/client/_scenario.js must find in every runtime, and the assertion that compares it.
import assert from "node:assert/strict";

const RICH = {
  date: "Date 2026-11-21T09:30:44.395Z",
  map: "Map one, 2: object key",
  set: "Set a,b",
  big: "bigint 1180591620717411303424",
  negative: "bigint -36893488147419103232",
  f64: "Float64Array 1.5,-0,NaN",
  i16: "Int16Array -3,7",
  u8: "Uint8Array 0,255",
  cyclic: "cycle kept",
  pair: "shared array kept",
  negativeZero: "-0",
  regexp: "RegExp /ab+c/gi",
  error: "RangeError bad (cause why)",
  nothing: "undefined kept",
};

/** Each step's expected outcome, in the order the scenario runs them. */
export const EXPECTED: [string, unknown][] = [
  ["discovery", ["Adds two numbers.", ["a", "b"]]],
  ["rpc", 3],
  ["rich values as the server saw them", RICH],
  ["rich values as they came back", RICH],
  ["large Float64Array", 8589869056],
  ["web GET", ["text/plain", "hello Node & co"]],
  ["web raw payload", ["image/png", true, [137, 80, 78, 71]]],
  [
    "web POST with bytes in a JSON body",
    ["application/json", { body: { bytes: "AQID", n: 1 }, params: { unit: "mm" } }],
  ],
  ["job with progress", [42, "completed", true]],
  ["job cancelled", ["cancelled", "CancelledError", true, true]],
  [
    "remote RangeError",
    ["RemoteError", true, "RangeError", 500, "RangeError: 11 is out of range (at most 10)"],
  ],
  ["OperationInProgress", ["OperationInProgress", true, 2.5, "Calibrating; try again shortly."]],
  ["InvalidServerState", ["InvalidServerState", true, "No sample is loaded."]],
  ["unknown endpoint", ["RemoteError", true, "NotFound", 404]],
  ["server down", ["ConnectionError", true]],
  ["connected", true],
];

/** The steps a client given the token adds. */
export const WITH_TOKEN: [string, unknown][] = [
  ["without the token", ["RemoteError", true, "Unauthorized", 401]],
];

/**
 * Asserts the scenario's outcomes: `expected` step by step, then for a runtime that is not Deno,
 * that caCerts and Unix sockets were refused with a TypeError whose message matches `runtime`.
 */
export function assertScenario(
  results: [string, unknown][],
  expected: [string, unknown][],
  runtime?: RegExp,
): void {
  const refusals = (runtime ? results.slice(-2) : []) as [string, [string, boolean, string]][];
  assert.deepEqual(runtime ? results.slice(0, -2) : results, expected);
  if (!runtime) return;
  assert.deepEqual(refusals.map(([name, [error, isTypeError]]) => [name, error, isTypeError]), [
    ["caCerts", "TypeError", true],
    ["Unix socket", "TypeError", true],
  ]);
  const [caCerts, unix] = refusals.map(([, [, , message]]) => message);
  assert.match(caCerts, /^The caCerts option needs Deno \(Deno\.createHttpClient\)/);
  assert.match(caCerts, runtime);
  assert.match(unix, /^unix:\/\/\/tmp\/tarp\.sock is a Unix socket, reached only in Deno/);
  assert.match(unix, runtime);
}
