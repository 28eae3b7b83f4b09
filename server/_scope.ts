// What one request holds while it is answered: its signal (aborted when its client goes away) and
// its share of the body budget. Kept in an async context, so that code far from the Request (a
// lock's wait, the body reader) finds it; released in one place when the answer is made.
import { AsyncLocalStorage } from "node:async_hooks";
import type { BodyBudget } from "./_budget.ts";

/** One request's scope. */
export interface RequestScope {
  /** Aborted when the request's client goes away (read only when needed: see run_server.ts). */
  readonly signal: AbortSignal;
  /** The budget its body bytes are counted against. */
  readonly budget: BodyBudget;
  /** Bytes of the budget it holds. */
  held: number;
}

const storage = new AsyncLocalStorage<RequestScope>();

/** Runs `answer` in a new scope for `req`; releases what the scope still holds when it ends. */
export async function inRequestScope<T>(
  req: Request,
  budget: BodyBudget,
  answer: () => Promise<T>,
): Promise<T> {
  const scope: RequestScope = {
    get signal() {
      return req.signal;
    },
    budget,
    held: 0,
  };
  try {
    return await storage.run(scope, answer);
  } finally {
    release(scope);
  }
}

/** The scope of the request being answered, if any. */
export function currentScope(): RequestScope | undefined {
  return storage.getStore();
}

/**
 * Takes what the current scope holds out of it, for something that outlives the answer (a
 * queued job's arguments): the returned function releases it, once.
 */
export function keepHeld(): () => void {
  const scope = storage.getStore();
  if (!scope || scope.held === 0) return () => {};
  let bytes = scope.held;
  scope.held = 0;
  return () => {
    scope.budget.release(bytes);
    bytes = 0;
  };
}

function release(scope: RequestScope): void {
  if (scope.held > 0) scope.budget.release(scope.held);
  scope.held = 0;
}

/** Counts `bytes` more against the current request's budget; throws a 503 past the budget. */
export function hold(bytes: number): void {
  const scope = storage.getStore();
  if (!scope || bytes <= 0) return;
  scope.budget.reserve(bytes);
  scope.held += bytes;
}
