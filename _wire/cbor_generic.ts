// Tag 27 ("generic object", [type name, ...fields]) carries the types CBOR has no tag for. The
// decoder builds only the types listed here, and never looks anything up by name elsewhere.
import { DecodeError } from "./decode_error.ts";

/** The error classes structuredClone() keeps; other error names travel as `Error`. */
export const ERROR_CLASSES: Readonly<Record<string, ErrorConstructor>> = {
  Error,
  EvalError,
  RangeError,
  ReferenceError,
  SyntaxError,
  TypeError,
  URIError,
};

type Build = (fields: unknown[]) => unknown;

// Each builder checks its fields' count and types: anything else is a 400, never a guess.
const GENERIC: Readonly<Record<string, Build>> = {
  RegExp: (fields) => {
    const [source, flags = ""] = fields;
    if (fields.length > 2 || typeof source !== "string" || typeof flags !== "string") {
      throw malformed("RegExp", '["RegExp", source, flags]');
    }
    try {
      return new RegExp(source, flags);
    } catch (e) {
      throw new DecodeError(`tag 27 RegExp: ${(e as Error).message}`);
    }
  },
  ArrayBuffer: (fields) => bytesOf("ArrayBuffer", fields).slice().buffer,
  DataView: (fields) => new DataView(bytesOf("DataView", fields).slice().buffer),
  Number: (fields) => new Number(field("Number", fields, "number")),
  String: (fields) => new String(field("String", fields, "string")),
  Boolean: (fields) => new Boolean(field("Boolean", fields, "boolean")),
};

/** Builds the tag-27 value named `name` from its fields; throws {@link DecodeError}. */
export function buildGeneric(name: string, fields: unknown[]): unknown {
  if (Object.hasOwn(GENERIC, name)) return GENERIC[name](fields);
  throw new DecodeError(
    `tag 27 type ${JSON.stringify(name.slice(0, 40))} is not part of the TARP value mapping`,
  );
}

function bytesOf(name: string, fields: unknown[]): Uint8Array {
  if (fields.length === 1 && fields[0] instanceof Uint8Array) return fields[0];
  throw malformed(name, `["${name}", bytes]`);
}

function field(name: string, fields: unknown[], type: string): unknown {
  if (fields.length === 1 && typeof fields[0] === type) return fields[0];
  throw malformed(name, `["${name}", ${type}]`);
}

function malformed(name: string, shape: string): DecodeError {
  return new DecodeError(`tag 27 ${name} must be ${shape}`);
}

/** The fields tag 27 carries for an error: `[name, message]`, plus `{cause}` when it has one. */
export function errorFields(e: Error): unknown[] {
  const name = Object.hasOwn(ERROR_CLASSES, e.name) ? e.name : "Error";
  const message = typeof e.message === "string" ? e.message : String(e.message);
  return Object.hasOwn(e, "cause") ? [name, message, { cause: e.cause }] : [name, message];
}
