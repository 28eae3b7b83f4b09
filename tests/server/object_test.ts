// server.addObject: an object's public methods as RPC endpoints (pyrpc's callee).
import assert from "node:assert/strict";
import { makeServer, RemoteError } from "../../mod.ts";
import { local } from "../_serve.ts";

class Stage {
  position = 0;
  #secret = "hidden";

  move(by: number): number {
    this.position += by;
    return this.position;
  }

  async home(): Promise<number> {
    this.position = await Promise.resolve(0);
    return this.position;
  }

  _calibrate(): string {
    return "private by convention";
  }

  reveal(): string {
    return this.#secret.length.toString();
  }
}

Deno.test("addObject exposes public methods bound to the object; private ones never", async () => {
  const stage = new Stage();
  const s = makeServer().addObject(stage, { prefix: "stage_" });
  await using h = local(s);
  const c = await h.client();
  assert.equal(await c.stage_move(5), 5);
  assert.equal(await c.stage_move(2), 7);
  assert.equal(stage.position, 7, "calls act on the object itself");
  assert.equal(await c.stage_home(), 0);
  assert.equal(await c.stage_reveal(), "6");
  const names = c.$endpoints().map((e) => e.name).sort();
  assert.deepStrictEqual(names, ["stage_home", "stage_move", "stage_reveal"]);
  assert.deepStrictEqual(c.$endpoints().find((e) => e.name === "stage_move")?.params, ["by"]);
  const err = await c.$call("stage__calibrate").catch((e) => e);
  assert.ok(err instanceof RemoteError && err.type === "NotFound");
  // @ts-expect-error private members are not in the client's type either
  await c.stage__calibrate?.().catch(() => {});
});

Deno.test("addObject on a plain object, without a prefix", async () => {
  const counter = {
    count: 0,
    bump() {
      return ++this.count;
    },
    _reset() {
      this.count = 0;
    },
  };
  const s = makeServer().addObject(counter);
  await using h = local(s);
  const c = await h.client();
  assert.equal(await c.bump(), 1);
  assert.equal(await c.bump(), 2);
  assert.deepStrictEqual(c.$endpoints().map((e) => e.name), ["bump"]);
});
