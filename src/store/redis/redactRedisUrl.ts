/**
 * A Redis URL fit for logs and errors: its password (and user name) replaced, since a URL is how
 * the credential reaches Warden (`WARDEN_REDIS_URL`). Unparseable input is withheld entirely.
 *
 * @param url - The configured URL.
 * @returns The URL without its credentials.
 * @example
 * redactRedisUrl("redis://warden:s3cret@10.0.0.5:6379/0") // "redis://[redacted]@10.0.0.5:6379/0"
 */
export function redactRedisUrl(url: string): string {
  try {
    const u = new URL(url);
    const hadCredentials = u.username !== "" || u.password !== "";
    u.username = "";
    u.password = "";
    const text = u.toString();
    return hadCredentials ? text.replace("//", "//[redacted]@") : text;
  } catch {
    return "[unparseable Redis URL withheld]";
  }
}
