// The work every benchmark server does, whatever its framework, so that the rows compare the
// frameworks and not the functions. Also imported by TARP's job processes and workers, which is
// why it holds nothing but the functions.

/** The small call: add(1, 2). */
export function add(a: number, b: number): number {
  return a + b;
}

/** The large call: answers its argument (a 1 MiB Float64Array, or what a peer sends instead). */
export function echo<T>(x: T): T {
  return x;
}

/** The GET endpoint's work: two query parameters in, their sum and product out. */
export function compute(a: unknown, b: unknown): { sum: number; product: number } {
  const x = Number(a);
  const y = Number(b);
  return { sum: x + y, product: x * y };
}

/** Prints the server's URL on stdout, the line the bench waits for before it starts loading. */
export function announce(server: Deno.HttpServer<Deno.NetAddr>): void {
  console.log(`listening on http://127.0.0.1:${server.addr.port}`);
}

/** Options every peer server listens with: a free loopback port, and no banner of its own. */
export const LISTEN = { port: 0, hostname: "127.0.0.1", onListen() {} } as const;
