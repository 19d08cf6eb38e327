import { chmodSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { writePrivateFile } from "../../src/core/writePrivateFile";
import { tempDir } from "../helpers/testWarden";

describe("writePrivateFile", () => {
  test("a new file is 0600 with the text", () => {
    const dir = tempDir();
    writePrivateFile(join(dir, "a"), "secret\n");
    expect(statSync(join(dir, "a")).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(dir, "a"), "utf8")).toBe("secret\n");
  });
  test("an existing world-readable file is replaced by a 0600 one (writeFileSync's mode alone would keep 0644)", () => {
    const dir = tempDir();
    const path = join(dir, "b");
    writeFileSync(path, "old");
    chmodSync(path, 0o644);
    writePrivateFile(path, "new");
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(readFileSync(path, "utf8")).toBe("new");
    expect(readdirSync(dir)).toEqual(["b"]);
  });
  test("a failure throws the fs error and leaves nothing behind", () => {
    const dir = tempDir();
    mkdirSync(join(dir, "target"));
    // The target is a directory: the rename fails after the tmp file was written.
    expect(() => writePrivateFile(join(dir, "target"), "x")).toThrow(expect.objectContaining({ code: expect.stringMatching(/^E/) }));
    expect(readdirSync(dir)).toEqual(["target"]);
    expect(() => writePrivateFile(join(dir, "missing", "c"), "x")).toThrow(expect.objectContaining({ code: "ENOENT" }));
  });
});
