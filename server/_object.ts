// Lists the public methods of an object for server.addObject.
import type { AnyFunction } from "./types.ts";

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
