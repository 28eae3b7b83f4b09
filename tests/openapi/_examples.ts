// The example servers the OpenAPI tests run, each as a child process (as a user would run it).
import { createToken } from "../../mod.ts";
import { type SpawnedServer, spawnServer } from "../_spawn.ts";

/** One example server and how to start it. */
export interface Example {
  file: string;
  args?: string[];
  env?: Record<string, string>;
  token?: string;
}

const token = createToken();

/** Every example server in examples/. */
export const EXAMPLES: Example[] = [
  { file: "examples/simple_server.ts", env: { TARP_PORT: "0" } },
  { file: "examples/sine_server.ts", args: ["--port", "0"] },
  { file: "examples/async_server.ts", args: ["--port", "0"], env: { TARP_STEP_MS: "1" } },
  { file: "examples/long_running_server.ts", args: ["--port", "0"] },
  { file: "examples/lab_server.ts", env: { TARP_TOKEN: token, TARP_PORT: "0" }, token },
  { file: "examples/explorer_server.ts", args: ["--port", "0"], env: { TARP_STEP_MS: "1" } },
];

/** Starts the example; dispose to stop it. */
export function start(example: Example): Promise<SpawnedServer> {
  return spawnServer(example.file, { args: example.args, env: example.env });
}

/** Fetches the example's /openapi.json. */
export async function openApiOf(url: string, example: Example): Promise<unknown> {
  const headers: Record<string, string> = example.token
    ? { authorization: `Bearer ${example.token}` }
    : {};
  const res = await fetch(`${url}/openapi.json`, { headers });
  if (res.status !== 200) throw new Error(`${example.file}: /openapi.json answered ${res.status}`);
  return await res.json();
}
