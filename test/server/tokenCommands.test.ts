import { createHash } from "node:crypto";
import type { AddressInfo } from "node:net";
import { Command } from "commander";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { registerTokenCommands } from "../../src/cli/commands/tokenCommands";
import { createOperatorTokens } from "../../src/server/createOperatorTokens";
import { createServer } from "../../src/server/createServer";
import { testWarden } from "../helpers/testWarden";

describe("warden token create|list|revoke against a running Warden", () => {
  let url = "";
  let close = async () => {};
  const tokens = createOperatorTokens({ path: null, envAdminTokenSha256: createHash("sha256").update("cli-admin").digest("hex") });
  beforeAll(async () => {
    const { warden } = await testWarden({});
    const server = createServer({ warden, logger: pino({ level: "silent" }), tokens });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    close = async () => {
      server.close();
      await warden.close();
    };
  });
  afterAll(async () => close());

  const run = async (...args: string[]): Promise<string> => {
    const program = new Command().exitOverride();
    registerTokenCommands(program);
    let out = "";
    const write = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((chunk: string) => ((out += chunk), true)) as typeof process.stdout.write;
    try {
      await program.parseAsync(["node", "warden", "token", "--url", url, ...args]);
    } finally {
      process.stdout.write = write;
    }
    return out;
  };

  test("creates a token printed once, lists it without its hash, revokes it", async () => {
    process.env.WARDEN_OPERATOR_TOKEN = "cli-admin";
    const created = JSON.parse(await run("--json", "create", "--role", "viewer", "--label", "grafana")) as { id: string; token: string };
    expect(tokens.verify(created.token)).toEqual({ id: created.id, role: "viewer" });
    const listed = await run("list");
    expect(listed).toContain(created.id);
    expect(listed).not.toContain(created.token);
    expect(await run("revoke", created.id)).toContain(`revoked ${created.id}`);
    expect(tokens.verify(created.token)).toBeNull();
    // A viewer token cannot make tokens: the server's refusal and fix reach the user.
    const viewer = tokens.create({ role: "viewer" });
    process.env.WARDEN_OPERATOR_TOKEN = viewer.token;
    await expect(run("create", "--role", "admin")).rejects.toThrow(/403 role_insufficient: This route needs an admin token/);
    delete process.env.WARDEN_OPERATOR_TOKEN;
  });
});
