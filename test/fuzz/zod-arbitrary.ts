// Inputs a zod (v4) schema would accept, roughly: the fuzz test's "inside the schema" half. Bounds and
// refinements are ignored on purpose — values just past them are as interesting as values within.
import fc from "fast-check";

type TDef = { type: string; [k: string]: unknown };
const defOf = (s: unknown): TDef => (s as { _zod: { def: TDef } })._zod.def;

const STRING_FORMATS: Record<string, fc.Arbitrary<string>> = {
  email: fc.emailAddress(),
  uuid: fc.uuid({ version: 4 }),
  guid: fc.uuid({ version: 4 }),
  url: fc.webUrl(),
  datetime: fc.date({ min: new Date("2020-01-01"), max: new Date("2030-01-01"), noInvalidDate: true }).map((d) => d.toISOString()),
};

const someString = fc.oneof(fc.string({ maxLength: 24 }), fc.constantFrom("BTCUSDT", "ETHUSDT", "VIP", "PREMIUM", "TRIAL", "LONG", "BUY", "paper", "general", "0", "1"));
const someNumber = fc.oneof(fc.integer({ min: -5, max: 100 }), fc.integer({ min: 1, max: 100_000 }), fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true }));

export function zodArbitrary(schema: unknown, depth = 0): fc.Arbitrary<unknown> {
  const def = defOf(schema);
  if (depth > 6) return fc.constant(null);
  const inner = (s: unknown) => zodArbitrary(s, depth + 1);
  switch (def.type) {
    case "string":
      return STRING_FORMATS[def.format as string] ?? someString;
    case "number":
    case "int":
      return def.coerce ? someNumber.map(String) : someNumber;
    case "bigint":
      return fc.bigInt({ min: 0n, max: 10n ** 12n }).map(String);
    case "boolean":
      return def.coerce ? fc.constantFrom("true", "false", "1", "0") : fc.boolean();
    case "date":
      return STRING_FORMATS.datetime!;
    case "enum":
      return fc.constantFrom(...Object.values(def.entries as Record<string, string | number>));
    case "literal":
      return fc.constantFrom(...(def.values as unknown[]));
    case "null":
      return fc.constant(null);
    case "object": {
      const shape = def.shape as Record<string, unknown>;
      const arbs = Object.fromEntries(Object.entries(shape).map(([k, v]) => [k, inner(v)]));
      const required = Object.keys(shape).filter((k) => !["optional", "default", "prefault"].includes(defOf(shape[k]).type));
      return fc.record(arbs, { requiredKeys: required });
    }
    case "array":
      return fc.array(inner(def.element), { maxLength: 4 });
    case "tuple":
      return fc.tuple(...(def.items as unknown[]).map(inner));
    case "record":
      return fc.dictionary(fc.string({ maxLength: 8 }), inner(def.valueType), { maxKeys: 3 });
    case "optional":
    case "default":
    case "prefault":
      return fc.option(inner(def.innerType), { nil: undefined });
    case "nullable":
      return fc.option(inner(def.innerType), { nil: null });
    case "readonly":
    case "catch":
    case "nonoptional":
      return inner(def.innerType);
    case "union":
      return fc.oneof(...(def.options as unknown[]).map(inner));
    case "intersection":
      return inner(def.left);
    case "pipe":
      return inner(def.in);
    case "lazy":
      return inner((def.getter as () => unknown)());
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}
