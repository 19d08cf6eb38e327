/** A refusal the error handler sends as is: a status and a JSON body naming the problem and the fix. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: Record<string, unknown>,
    readonly headers: Record<string, string> = {},
  ) {
    super(String(body.error ?? "http_error"));
    this.name = "HttpError";
  }
}
