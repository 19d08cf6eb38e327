import type { WardenConfig } from "../config/wardenConfigSchema";
import { CliError } from "./cliOutput";

/** A running Warden's HTTP API, as the CLI uses it. */
export type WardenApi = {
  url: string;
  get(path: string): Promise<Record<string, unknown>>;
  post(path: string, body: unknown): Promise<Record<string, unknown>>;
};

/** The API's base URL: `--url`, else WARDEN_URL, else server.host:server.port of the config. */
export function apiUrl(config: WardenConfig, url: string | undefined): string {
  const [base, source] =
    url !== undefined ? [url, "--url"] : process.env.WARDEN_URL !== undefined ? [process.env.WARDEN_URL, "WARDEN_URL"] : [`${config.server.tls ? "https" : "http"}://${config.server.host.includes(":") ? `[${config.server.host}]` : config.server.host}:${config.server.port}`, "server.host / server.port"];
  // A value that is not an http(s) URL is the caller's mistake, not an unreachable Warden.
  let parsed: URL | null = null;
  try {
    parsed = new URL(base);
  } catch {
    // reported below
  }
  if (parsed === null || (parsed.protocol !== "http:" && parsed.protocol !== "https:") || parsed.search !== "" || parsed.hash !== "")
    throw new CliError(2, "url_invalid", `${source} must be the Warden API's http(s) base URL without a query, e.g. http://127.0.0.1:8787`);
  return base.replace(/\/$/, "");
}

/**
 * A client of the HTTP API. Answers other than 2xx become a {@link CliError}: 400 is a usage error
 * (2), a refusal (401/403/404/429/503) is 1, with Warden's reason code and message or fix.
 */
export function wardenApi({ url, token }: { url: string; token: string | null }): WardenApi {
  const call = async (method: string, path: string, body?: unknown): Promise<Record<string, unknown>> => {
    let res: Response;
    try {
      res = await fetch(`${url}${path}`, {
        method,
        headers: { ...(body === undefined ? {} : { "content-type": "application/json" }), ...(token ? { authorization: `Bearer ${token}` } : {}) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(15_000),
      });
    } catch {
      throw new CliError(1, "warden_unreachable", `no Warden answers at ${url}: start it (warden start), or point --url / WARDEN_URL / WARDEN_PORT at it`);
    }
    let answer: Record<string, unknown> = {};
    try {
      answer = (await res.json()) as Record<string, unknown>;
    } catch {
      // A non-JSON answer: reported by status below.
    }
    if (res.ok) return answer;
    const code = String(answer.reason_code ?? answer.error ?? `http_${res.status}`);
    const fix = [answer.message, answer.fix].flat().filter((v) => typeof v === "string" && v).join(" ");
    // A 404 naming its own error (e.g. session_not_found) is Warden's answer; a bare one, an old server.
    if (res.status === 404 && answer.error === undefined) throw new CliError(1, "route_missing", `this Warden does not serve ${method} ${path}; upgrade it`);
    if (res.status === 401 && !token)
      throw new CliError(1, code, `this needs an operator token: set WARDEN_OPERATOR_TOKEN or pass --token-file`, { status: res.status });
    throw new CliError(res.status === 400 ? 2 : 1, code, fix || `Warden answered ${res.status}`, { status: res.status });
  };
  return { url, get: (path) => call("GET", path), post: (path, body) => call("POST", path, body) };
}
