/** Keys that reach an object's prototype chain when used in `obj[key] = …` or `obj[key].x = …`. */
const PROTOTYPE_KEYS: ReadonlySet<string> = new Set(["__proto__", "constructor", "prototype"]);

/**
 * Tells whether a key taken from input could reach an object's prototype (`__proto__`,
 * `constructor`, `prototype`): such a key is never a setting and never a record key.
 *
 * @param key - A property name from input.
 * @returns True for the three prototype names.
 * @example
 * isPrototypeKey("__proto__") // true
 */
export function isPrototypeKey(key: string): boolean {
  return PROTOTYPE_KEYS.has(key);
}
