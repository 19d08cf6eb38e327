/**
 * Removes `//` line comments from JSON text, leaving strings (such as "https://…") intact, so a
 * config can explain itself. Block comments and trailing commas are not accepted.
 *
 * @example
 * JSON.parse(stripJsonComments('{ "a": "http://x" // note\n}')) // { a: "http://x" }
 */
export function stripJsonComments(text: string): string {
  let out = "";
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (inString) {
      out += c;
      if (c === "\\") out += text[++i] ?? "";
      else if (c === '"') inString = false;
    } else if (c === '"') {
      inString = true;
      out += c;
    } else if (c === "/" && text[i + 1] === "/") {
      while (i < text.length && text[i] !== "\n") i++;
      out += "\n";
    } else out += c;
  }
  return out;
}
