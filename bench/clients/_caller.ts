// What every client adapter offers the client process: the benchmark's calls, made through that
// framework's own client, as its users would make them.

/** The calls the bench makes; `job` only where the server has jobs (TARP and bare). */
export interface Caller {
  /** add(a, b) on the server. */
  add(a: number, b: number): Promise<number>;
  /** The 1 MiB echo: a Float64Array out, the server's answer (typed array or numbers) back. */
  echo(x: Float64Array): Promise<ArrayLike<number>>;
  /** Submits add(a, b) as a job and resolves to its result. */
  job?(a: number, b: number): Promise<number>;
}

/** Connects to the server at `url`. */
export type Connect = (url: string) => Promise<Caller>;
