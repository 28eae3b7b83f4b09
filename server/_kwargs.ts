// Named arguments: `{"args": [1], "kwargs": {"y": 2}}` binds `y` to the function's parameter of
// that name, as the Python TARP does. The names are those discovery publishes, read from the
// function's source at registration (server/_params.ts).
import { TarpError } from "../_wire/errors.ts";
import type { Parameter } from "./_params.ts";

/** What binding needs to know of an endpoint. */
export interface Bindable {
  /** The endpoint's name, for messages. */
  name: string;
  /** The function's parameters, or undefined when its source does not show them. */
  parameters?: readonly Parameter[];
}

/**
 * The argument list for a call: `args` in order, then each named argument at its parameter's
 * position. A parameter given neither way is `undefined`, so its default value applies. Throws a
 * 400 naming the fix for a name the function does not have, a name given twice (by position and
 * by name), a rest parameter given by name, or a function whose names cannot be read.
 */
export function bindArguments(
  endpoint: Bindable,
  args: unknown[],
  kwargs: Record<string, unknown>,
): unknown[] {
  const names = Object.keys(kwargs);
  if (names.length === 0) return args;
  const where = `${endpoint.name}()`;
  const params = endpoint.parameters;
  if (params === undefined) {
    throw new TarpError(
      "BadRequest",
      `${where} cannot take named arguments ("kwargs"): its parameter names cannot be read from ` +
        'its source (a native or bound function, say). Pass every argument in "args", in order.',
    );
  }
  const bound = [...args];
  for (const name of names) {
    const index = params.findIndex((p) => p.named && p.name === name);
    if (index < 0) throw unknownName(where, name, params);
    if (params[index].rest) {
      throw new TarpError(
        "BadRequest",
        `${where}: "${name}" is a rest parameter (...${name}), which takes the remaining ` +
          'positional arguments only: put them at the end of "args".',
      );
    }
    if (index < args.length) {
      throw new TarpError(
        "BadRequest",
        `${where}: "${name}" was given twice, as args[${index}] and by name. Give it once.`,
      );
    }
    bound[index] = kwargs[name];
  }
  return Array.from(bound); // holes (parameters given neither way) become undefined
}

function unknownName(where: string, name: string, params: readonly Parameter[]): TarpError {
  const known = params.filter((p) => p.named && !p.rest).map((p) => p.name);
  const unnamed = params.filter((p) => !p.named).map((p) => p.name);
  const knownText = known.length
    ? `Its parameters that can be named are: ${known.join(", ")}.`
    : "None of its parameters can be given by name.";
  const unnamedText = unnamed.length
    ? ` ${unnamed.join(", ")} ${unnamed.length > 1 ? "are" : "is"} destructured, so ` +
      `${unnamed.length > 1 ? "they have" : "it has"} no name to bind to: pass ` +
      `${unnamed.length > 1 ? "them" : "it"} in "args".`
    : "";
  return new TarpError(
    "BadRequest",
    `${where} has no parameter named "${name}". ${knownText}${unnamedText}`,
  );
}
