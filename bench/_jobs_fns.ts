// The benchmark's trivial job, in its own module so that job workers import only this.

/** Adds two numbers. */
export function add(a: number, b: number): number {
  return a + b;
}
