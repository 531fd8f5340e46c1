/**
 * A few schema builders for checking what a mini program sends, at the bridge. Each schema parses
 * an unknown value into a typed one, or throws a SchemaError that names the field and the rule,
 * so the mini program's `fail` says exactly what to fix. Unknown object fields are dropped.
 */
export class SchemaError extends Error {}

export interface Schema<T> {
  parse(value: unknown, path: string): T;
}

export interface OptionalSchema<T> extends Schema<T | undefined> {
  readonly optional: true;
}

export type Infer<S> = S extends Schema<infer T> ? T : never;

type Simplify<T> = { [K in keyof T]: T[K] } & {};
type OptionalKeys<S> = { [K in keyof S]: S[K] extends OptionalSchema<unknown> ? K : never }[keyof S];
type ObjectOf<S extends Record<string, Schema<unknown>>> = Simplify<
  { [K in Exclude<keyof S, OptionalKeys<S>>]: Infer<S[K]> } & { [K in OptionalKeys<S>]?: Exclude<Infer<S[K]>, undefined> }
>;

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (value instanceof ArrayBuffer) return 'an ArrayBuffer';
  return typeof value === 'object' ? 'an object' : `${typeof value} ${JSON.stringify(value)}`;
}

export function check<T>(rule: string, test: (value: unknown) => value is T): Schema<T> {
  return {
    parse(value, path) {
      if (!test(value)) throw new SchemaError(`${path} must be ${rule}, not ${describe(value)}`);
      return value;
    },
  };
}

export const string = check('a string', (v): v is string => typeof v === 'string');
export const nonNegative = check('a number of at least 0', (v): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0);
export const finite = check('a number', (v): v is number => typeof v === 'number' && Number.isFinite(v));
export const anything = check('anything', (v): v is unknown => true);
export const arrayBuffer = check('an ArrayBuffer', (v): v is ArrayBuffer => v instanceof ArrayBuffer);
export const plainObject = check('an object', (v): v is Record<string, unknown> => typeof v === 'object' && v !== null && !(v instanceof ArrayBuffer));

export function oneOf<const T extends readonly string[]>(...values: T): Schema<T[number]> {
  return check(`one of ${values.map((v) => JSON.stringify(v)).join(', ')}`, (v): v is T[number] => values.includes(v as string));
}

export function optional<T>(schema: Schema<T>): OptionalSchema<T> {
  return { optional: true, parse: (value, path) => (value === undefined ? undefined : schema.parse(value, path)) };
}

export function nullable<T>(schema: Schema<T>): Schema<T | null> {
  return { parse: (value, path) => (value === null ? null : schema.parse(value, path)) };
}

/**
 * The first schema that accepts the value. Else: when one of them failed inside the value (an
 * array's item), that complaint, which is the precise one; otherwise all their rules together.
 */
export function union<T extends Schema<unknown>[]>(...schemas: T): Schema<Infer<T[number]>> {
  return {
    parse(value, path) {
      const rules: string[] = [];
      for (const schema of schemas) {
        try {
          return schema.parse(value, path) as Infer<T[number]>;
        } catch (error) {
          if (!(error instanceof SchemaError)) throw error;
          if (!error.message.startsWith(`${path} must be `)) throw error;
          rules.push(error.message.slice(`${path} must be `.length).replace(/, not .*$/, ''));
        }
      }
      throw new SchemaError(`${path} must be ${rules.join(' or ')}, not ${describe(value)}`);
    },
  };
}

export function arrayOf<T>(item: Schema<T>): Schema<T[]> {
  return {
    parse(value, path) {
      if (!Array.isArray(value)) throw new SchemaError(`${path} must be an array, not ${describe(value)}`);
      return value.map((v, i) => item.parse(v, `${path}[${i}]`));
    },
  };
}

export function recordOf<T>(item: Schema<T>): Schema<Record<string, T>> {
  return {
    parse(value, path) {
      const record = plainObject.parse(value, path);
      return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, item.parse(v, `${path}.${k}`)]));
    },
  };
}

export function object<S extends Record<string, Schema<unknown>>>(shape: S): Schema<ObjectOf<S>> {
  return {
    parse(value, path) {
      const record = plainObject.parse(value, path);
      const out: Record<string, unknown> = {};
      for (const [key, schema] of Object.entries(shape)) {
        const parsed = schema.parse(record[key], path ? `${path}.${key}` : key);
        if (parsed !== undefined) out[key] = parsed;
      }
      return out as ObjectOf<S>;
    },
  };
}

/** Parses with a schema, then adjusts the value (e.g. upper-cases an HTTP method). */
export function map<T, U>(schema: Schema<T>, adjust: (value: T, path: string) => U): Schema<U> {
  return { parse: (value, path) => adjust(schema.parse(value, path), path) };
}
