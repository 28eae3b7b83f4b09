// server.addObject: every public method of an object registered as an RPC endpoint bound to it.
import type { AnyFunction, ObjectOptions } from "./types.ts";
import type { Registry } from "./_registry.ts";

/** Registers each public method of `obj` as an RPC endpoint named `prefix + methodName`. */
export function addObject(registry: Registry, obj: object, options: ObjectOptions<string>): void {
  const { prefix = "", ...lock } = options;
  const owner = obj.constructor?.name && obj.constructor !== Object ? obj.constructor.name : "";
  for (const [name, method] of publicMethods(obj)) {
    registry.add({
      kind: "rpc",
      name: prefix + name,
      fn: method.bind(obj),
      source: method,
      description: owner ? `${owner}.${name}` : undefined,
      options: { ...lock },
    });
  }
}

/** `[name, method]` for each public method of `obj`, own and inherited (not Object's). */
export function publicMethods(obj: object): [string, AnyFunction][] {
  const found = new Map<string, AnyFunction>();
  for (
    let proto: object | null = obj;
    proto && proto !== Object.prototype;
    proto = Object.getPrototypeOf(proto)
  ) {
    for (const name of Object.getOwnPropertyNames(proto)) {
      if (found.has(name) || name === "constructor" || name.startsWith("_")) continue;
      const descriptor = Object.getOwnPropertyDescriptor(proto, name);
      // Getters are skipped: reading them here could have effects.
      if (descriptor && typeof descriptor.value === "function") found.set(name, descriptor.value);
    }
  }
  return [...found];
}
