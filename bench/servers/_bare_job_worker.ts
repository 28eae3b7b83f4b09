// The bare job queue's worker (bare.ts --worker-jobs): runs add(a, b) for each [id, a, b] message
// and posts [id, result] back, and nothing else.
import { add } from "./_work.ts";

const scope = self as unknown as {
  onmessage: ((e: MessageEvent<[string, number, number]>) => void) | null;
  postMessage(message: unknown): void;
};
scope.onmessage = (e) => {
  const [id, a, b] = e.data;
  scope.postMessage([id, add(a, b)]);
};
