import { isPrototypeKey } from "../core/isPrototypeKey";
import { wardenConfigSchema } from "./wardenConfigSchema";

/** What a zod schema exposes about itself (zod 4's `_zod.def`), as far as a path walk needs. */
type SchemaNode = {
  _zod: {
    def: {
      type: string;
      innerType?: SchemaNode;
      in?: SchemaNode;
      shape?: Record<string, SchemaNode>;
      valueType?: SchemaNode;
    };
  };
};

/** Wrappers whose input shape is their inner schema's. */
const WRAPPERS = new Set(["default", "prefault", "optional", "nullable", "readonly", "catch", "nonoptional"]);

function unwrap(node: SchemaNode): SchemaNode {
  let n = node;
  for (;;) {
    const def = n._zod.def;
    if (WRAPPERS.has(def.type) && def.innerType) n = def.innerType;
    else if (def.type === "pipe" && def.in) n = def.in;
    else return n;
  }
}

/**
 * Checks a dotted config path against the configuration schema's own keys: every segment must be
 * a key the schema defines at that place (an own key of its object shape), or a key of a record
 * (per-strategy, per-market, per-code tables) that is not a prototype name. Nothing is read from
 * or written to any object, so a hostile path cannot reach `Object.prototype`.
 *
 * @param path - e.g. `risk.exposure.strategies.nba-mm.gross_cap_usd`.
 * @returns Why the path names no setting, or null when it does.
 * @example
 * configPathProblem("risk.drawdown.max_intraday_drawdown_pct") // null
 * configPathProblem("risk.__proto__.polluted") // "risk.__proto__: \"__proto__\" is not a configuration key"
 */
export function configPathProblem(path: string): string | null {
  const segments = path.split(".");
  let node = wardenConfigSchema as unknown as SchemaNode;
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i] as string;
    const at = segments.slice(0, i + 1).join(".");
    if (segment === "" || isPrototypeKey(segment)) return `${at}: ${JSON.stringify(segment)} is not a configuration key`;
    const def = unwrap(node)._zod.def;
    if (def.type === "object" && def.shape) {
      const child = Object.hasOwn(def.shape, segment) ? def.shape[segment] : undefined;
      if (!child) return `${at}: no such setting`;
      node = child;
    } else if (def.type === "record" && def.valueType) {
      node = def.valueType;
    } else {
      return `${segments.slice(0, i).join(".")} is a value, not a section; ${at} names nothing`;
    }
  }
  return null;
}
