/**
 * Keeps contract/configuration-types.ts in step with contract/configuration.schema.json. The fixture below
 * is typed so that the compiler demands every property the types declare (and rejects any they don't);
 * the tests then check it against the schema in both directions, plus the enums and required fields.
 */
import { describe, expect, it } from "vitest";
import schema from "../../../contract/configuration.schema.json";
import type {
  AccessKeyConfiguration,
  ProviderKeyReference,
  Router,
  RouterRule,
  UserStep,
} from "../../../contract/configuration-types";
import { validateConfiguration } from "../../../contract/validate-configuration";

type DeepRequired<T> = T extends (infer Item)[]
  ? DeepRequired<Item>[]
  : T extends object
    ? { [Key in keyof T]-?: DeepRequired<T[Key]> }
    : T;

type RequiredKeys<T> = { [Key in keyof T]-?: object extends Pick<T, Key> ? never : Key }[keyof T];

const everyProperty: DeepRequired<AccessKeyConfiguration> = {
  name: "Every property",
  description: "Sets each field the types declare",
  metadata: '{"owner":"platform"}',
  access: { providers: { allow: ["openai"] }, models: { allow: ["openai:gpt-4o"] } },
  router: {
    rules: [
      {
        provider: "openai",
        model: "openai:gpt-4o",
        steps: [
          {
            type: "user",
            keySelectionStrategy: "ordered",
            keys: [{ id: "kwpk_ujzdegxdncf32epf3dhodzdoci" }],
          },
        ],
      },
    ],
  },
  timeouts: { perAttempt: "60s", total: "120s", firstToken: "10s", streamIdle: "30s" },
};

interface SchemaNode {
  $ref?: string;
  properties?: Record<string, SchemaNode>;
  items?: SchemaNode;
  required?: string[];
  enum?: unknown[];
}

const definitions = schema.$defs as Record<string, SchemaNode>;

function resolve(node: SchemaNode): SchemaNode {
  return node.$ref === undefined ? node : resolve(definitions[node.$ref.replace("#/$defs/", "")] ?? {});
}

/** Paths of schema properties the value does not set. */
function unsetProperties(node: SchemaNode, value: unknown, path: string): string[] {
  const resolved = resolve(node);
  if (resolved.items !== undefined && Array.isArray(value)) {
    return value.flatMap((item, index) =>
      unsetProperties(resolved.items as SchemaNode, item, `${path}[${index}]`),
    );
  }
  return Object.entries(resolved.properties ?? {}).flatMap(([name, property]) => {
    const child = (value as Record<string, unknown>)[name];
    const childPath = path === "" ? name : `${path}.${name}`;
    return child === undefined ? [childPath] : unsetProperties(property, child, childPath);
  });
}

describe("configuration-types.ts and configuration.schema.json", () => {
  it("agree that the fixture setting every typed property is a valid configuration", () => {
    expect(validateConfiguration(everyProperty)).toEqual({ ok: true, value: everyProperty, warnings: [] });
  });

  it("agree on every property: the fixture sets each one the schema declares", () => {
    expect(unsetProperties(schema as SchemaNode, everyProperty, "")).toEqual([]);
  });

  it("agree on the step types and key selection strategies", () => {
    const stepTypes: Record<UserStep["type"], true> = { user: true };
    const strategies: Record<NonNullable<UserStep["keySelectionStrategy"]>, true> = { ordered: true };

    expect(Object.keys(stepTypes)).toEqual(definitions.routerStep?.properties?.type?.enum);
    expect(Object.keys(strategies)).toEqual(definitions.routerStep?.properties?.keySelectionStrategy?.enum);
  });

  it("agree on which fields are required", () => {
    const required = {
      configuration: { name: true } satisfies Record<RequiredKeys<AccessKeyConfiguration>, true>,
      router: { rules: true } satisfies Record<RequiredKeys<Router>, true>,
      routerRule: { steps: true } satisfies Record<RequiredKeys<RouterRule>, true>,
      routerStep: { type: true, keys: true } satisfies Record<RequiredKeys<UserStep>, true>,
      providerKeyReference: { id: true } satisfies Record<RequiredKeys<ProviderKeyReference>, true>,
    };

    expect(Object.keys(required.configuration)).toEqual(schema.required);
    for (const definition of ["router", "routerRule", "routerStep", "providerKeyReference"] as const) {
      expect(Object.keys(required[definition]).sort()).toEqual(
        [...(definitions[definition]?.required ?? [])].sort(),
      );
    }
  });
});
