import { z } from "zod";
import { describe, expect, test } from "vitest";
import { parseConfig } from "../../src/config/parseConfig";
import { storeConfigSchema } from "../../src/store/storeConfigSchema";

const problems = (input: unknown) => {
  const r = storeConfigSchema.safeParse(input);
  return r.success ? null : z.prettifyError(r.error);
};

describe("storeConfigSchema", () => {
  test.each([
    [undefined, { kind: "embedded", path: ".warden/warden.db", synchronous: "NORMAL" }],
    [{}, { kind: "embedded", path: ".warden/warden.db", synchronous: "NORMAL" }],
    [{ path: "/var/lib/warden/warden.db" }, { kind: "embedded", path: "/var/lib/warden/warden.db", synchronous: "NORMAL" }],
    [{ kind: "embedded", synchronous: "FULL" }, { kind: "embedded", path: ".warden/warden.db", synchronous: "FULL" }],
  ])("%j: kind defaults to embedded, with its defaults", (input, expected) => {
    expect(storeConfigSchema.parse(input)).toEqual(expected);
  });

  test.each([
    [{ kind: "redis" }, "store.kind must be embedded"],
    [{ kind: 3 }, "store.kind must be embedded"],
    [{ path: "" }, "store.path must name a file, e.g. .warden/warden.db"],
    [{ synchronous: "OFF" }, "store.synchronous must be FULL (survives power loss) or NORMAL (survives a process crash)"],
    [{ extra: 1 }, 'Unrecognized key: "extra"'],
  ])("%j is refused: %s", (input, message) => {
    expect(problems(input)).toContain(message);
  });

  test("an unknown kind is reported at store.kind in the whole configuration, naming the kinds there are", () => {
    expect(() => parseConfig({ store: { kind: "redis", path: "/tmp/x" } })).toThrowError(/store\.kind must be embedded\n\s+→ at store\.kind/);
  });
});
