// Why a request body is not a value TARP accepts: the server answers it with 400.

/**
 * A body that is not a valid value. `option` names the server option whose limit it broke (such
 * as `maxBigIntBytes`), so that the 400 can say which option would accept it.
 */
export class DecodeError extends Error {
  /** The limit's option, when a limit refused the body. */
  readonly option?: string;

  constructor(message: string, option?: string) {
    super(message);
    this.name = "DecodeError";
    this.option = option;
  }
}
