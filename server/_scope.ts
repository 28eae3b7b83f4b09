// What one request holds of the body budget while it is answered, found from the Request itself
// (the body reader, the call decoder and the job routes have it), and released in one place when
// the answer is made. A queued job's arguments keep their share until the job starts.
import type { BodyBudget } from "./_budget.ts";

/** One request's share of the budget. */
export interface RequestScope {
  readonly budget: BodyBudget;
  /** Bytes of the budget it holds. */
  held: number;
}

// Kept on the Request under a symbol: a WeakMap entry per request cost more than the rest of the
// bookkeeping together.
const SCOPE = Symbol("tarp.scope");
type Scoped = Request & { [SCOPE]?: RequestScope };

/** Opens `req`'s share of `budget`; {@link closeScope} releases it once the answer is made. */
export function openScope(req: Request, budget: BodyBudget): RequestScope {
  const scope: RequestScope = { budget, held: 0 };
  (req as Scoped)[SCOPE] = scope;
  return scope;
}

/** Releases what a request still holds. */
export function closeScope(scope: RequestScope): void {
  if (scope.held > 0) scope.budget.release(scope.held);
  scope.held = 0;
}

/** Counts `bytes` more against `req`'s budget; throws a 503 past the budget. */
export function hold(req: Request, bytes: number): void {
  const scope = (req as Scoped)[SCOPE];
  if (!scope || bytes <= 0) return;
  scope.budget.reserve(bytes);
  scope.held += bytes;
}

/**
 * Takes what `req` holds out of its scope, for something that outlives the answer (a queued
 * job's arguments): the returned function releases it, once.
 */
export function keepHeld(req: Request): () => void {
  const scope = (req as Scoped)[SCOPE];
  if (!scope || scope.held === 0) return () => {};
  let bytes = scope.held;
  scope.held = 0;
  return () => {
    scope.budget.release(bytes);
    bytes = 0;
  };
}
