import { createHash } from "node:crypto";
import type { AddressInfo } from "node:net";
import { Writable } from "node:stream";
import pino from "pino";
import { expect, test } from "vitest";
import { createServer } from "../../src/server/createServer";
import { grant, orderTypedData, testWarden } from "../helpers/testWarden";

test("request logs name the route, status and token id; never a token, credential or body", async () => {
  const { warden, owner } = await testWarden({});
  let logged = "";
  const sink = new Writable({ write: (chunk, _e, cb) => ((logged += String(chunk)), cb()) });
  const server = createServer({ warden, logger: pino({ level: "info" }, sink), operatorTokenSha256: createHash("sha256").update("secret-admin-token").digest("hex") });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const s = await grant(warden, owner);
  const made = (await (await fetch(`${url}/v1/tokens`, { method: "POST", headers: { authorization: "Bearer secret-admin-token" }, body: JSON.stringify({ role: "viewer" }) })).json()) as { token: string };
  await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${made.token}` } });
  await fetch(`${url}/v1/sign`, { method: "POST", headers: { authorization: `Bearer ${s.credential}` }, body: JSON.stringify({ strategy_id: "nba-mm", request: { kind: "typed_data", typedData: orderTypedData(owner.address) } }) });
  await fetch(`${url}/v1/sign`, { method: "POST", headers: { authorization: "Bearer wdn_guessed" }, body: "{" });
  await new Promise((r) => setTimeout(r, 50));
  expect(logged).toContain('"route":"POST /v1/sign","status":200');
  expect(logged).toContain('"route":"POST /v1/sign","status":401');
  expect(logged).toMatch(/"route":"GET \/metrics","status":200,"operator":"tok_[0-9a-f]{16}"/);
  for (const secret of ["secret-admin-token", made.token, s.credential, "wdn_guessed", "makerAmount"]) expect(logged).not.toContain(secret);
  server.close();
  await warden.close();
});
