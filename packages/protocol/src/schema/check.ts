/**
 * How every wire shape of the sandbox is checked: valibot schemas (declared in this folder) and one
 * reader of valibot's issues, so that every refusal names the path of the bad value, the value, and
 * what it must be, in the config file, the control API and the bridge alike.
 *
 * Two styles, because two audiences read them and tests pin both:
 * - `field` (config files, HTTP bodies): `apps[1].scopes[2]: "USER_FOO" is not a scope; known: …`,
 *   a value described as JSON (`not a string ("yes")`), missing fields `is missing`, unknown fields
 *   refused with a "did you mean".
 * - `param` (the bridge, as `my.*` callers read it): `scopes[0] must be a string, not number 1`,
 *   record keys joined with dots (`headers.x-n`), unknown fields dropped.
 *
 * A schema's own message (a `regex`, `picklist` or `check` given one) is the text after the path and
 * wins; the rest (wrong types, missing fields, a union nothing matched) is worded here.
 */
import * as v from 'valibot';

export type CheckStyle = 'field' | 'param';

/** One bad value: where it is (`apps[1].scopes[2]`, '' for the whole input) and what is wrong. */
export interface Problem {
  path: string;
  message: string;
}

export type Checked<T> = { ok: true; value: T } | { ok: false; problems: Problem[] };

/** Any schema, sync; what the protocol declares. */
export type AnySchema = v.GenericSchema;

/** What a schema gives when a value passes (its type, for code that does not import valibot). */
export type SchemaOutput<S extends AnySchema> = v.InferOutput<S>;

/** A value as a message quotes it: JSON, cut at 80 characters. */
export function showValue(value: unknown): string {
  const text = JSON.stringify(value);
  return text === undefined ? String(value) : text.length > 80 ? `${text.slice(0, 77)}…` : text;
}

function describeField(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'number') return Number.isInteger(value) ? 'an integer' : 'a number';
  return `a ${typeof value} (${showValue(value)})`;
}

function describeParam(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (value instanceof ArrayBuffer) return 'an ArrayBuffer';
  return typeof value === 'object' ? 'an object' : `${typeof value} ${JSON.stringify(value)}`;
}

const TYPE_NAMES: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  boolean: 'true or false',
  Array: 'an array',
  Object: 'an object',
  ArrayBuffer: 'an ArrayBuffer',
  null: 'null',
};

/** `(string | Array)` → `a string or an array`. */
function expectedText(expected: string | null): string {
  const names = (expected ?? '').replace(/^\((.*)\)$/, '$1').split(' | ');
  return names.map((name) => TYPE_NAMES[name] ?? name).join(' or ');
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length]!;
}

/** The known name a typo most likely meant, if one is close. */
export function closest(name: string, known: readonly string[]): string | undefined {
  const lower = name.toLowerCase();
  const scored = known
    .map((k) => ({ k, d: k.toLowerCase() === lower ? 0 : distance(lower, k.toLowerCase()) }))
    .sort((a, b) => a.d - b.d);
  const best = scored[0];
  return best && best.d <= Math.max(2, Math.floor(name.length / 4)) ? best.k : undefined;
}

/** ` (did you mean "USER_NAME"?)` when a string is close to one of `known`, else ''. */
export function didYouMean(value: unknown, known: readonly string[]): string {
  const hint = typeof value === 'string' ? closest(value, known) : undefined;
  return hint ? ` (did you mean "${hint}"?)` : '';
}

/** The wording of an issue whose schema gave no message of its own. */
function defaultMessage(style: CheckStyle) {
  const describe = style === 'field' ? describeField : describeParam;
  return (issue: v.BaseIssue<unknown>): string => {
    if (issue.kind === 'schema')
      return `must be ${expectedText(issue.expected)}, not ${describe(issue.input)}`;
    return `${showValue(issue.input)} is not valid (${issue.expected ?? issue.type})`;
  };
}

function joinPath(items: readonly { key: unknown }[] | undefined, style: CheckStyle): string {
  let path = '';
  for (const { key } of items ?? []) {
    const segment = String(key);
    if (typeof key === 'number') path += `[${segment}]`;
    else if (style === 'param' || /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(segment))
      path += path ? `.${segment}` : segment;
    else path += `[${JSON.stringify(segment)}]`;
  }
  return path;
}

/**
 * A union nothing matched: when a branch failed inside the value (an array's item), that complaint,
 * which is the precise one; otherwise the union's own "must be A or B".
 */
function precise(issue: v.BaseIssue<unknown>): v.BaseIssue<unknown> {
  if (issue.type !== 'union' || !issue.issues) return issue;
  const inner = issue.issues.find((sub) => (sub.path?.length ?? 0) > 0);
  if (!inner) return issue;
  const path = [
    ...(issue.path ?? []),
    ...(inner.path ?? []),
  ] as unknown as v.BaseIssue<unknown>['path'];
  return { ...precise(inner), path };
}

/** Checks a value against a schema; every problem at once, each with its path. */
export function checkInput<S extends AnySchema>(
  schema: S,
  input: unknown,
  style: CheckStyle = 'field',
): Checked<v.InferOutput<S>> {
  const result = v.safeParse(schema, input, { message: defaultMessage(style) });
  if (result.success) return { ok: true, value: result.output };
  const problems: Problem[] = [];
  for (const issue of result.issues.map((i) => precise(i as v.BaseIssue<unknown>))) {
    const problem = { path: joinPath(issue.path, style), message: issue.message };
    if (!problems.some((p) => p.path === problem.path && p.message === problem.message))
      problems.push(problem);
  }
  return { ok: false, problems };
}

/** A problem as one line: `path: message`, or `path must …` in the param style. */
export function problemLine(problem: Problem, style: CheckStyle = 'field'): string {
  if (!problem.path) return problem.message;
  return style === 'param' && problem.message.startsWith('must ')
    ? `${problem.path} ${problem.message}`
    : `${problem.path}: ${problem.message}`;
}

type Entries = v.ObjectEntries;

function keyOf(issue: v.BaseIssue<unknown>): string {
  return String(issue.path?.at(-1)?.key ?? '');
}

function fieldsMessage(entries: Entries, refuseUnknown: boolean) {
  const known = Object.keys(entries);
  return (issue: v.BaseIssue<unknown>): string => {
    if (refuseUnknown && issue.expected === 'never') {
      const hint = closest(String(issue.input), known);
      return `unknown field${hint ? `; did you mean "${hint}"?` : ''} (known fields: ${known.join(', ')})`;
    }
    if (issue.path && issue.input === undefined) {
      const entry = entries[keyOf(issue)] as AnySchema & { message?: unknown };
      // A field whose schema says what it must be says so when it is missing, too.
      if (typeof entry.message === 'string') return entry.message;
      const about = v.getDescription(entry);
      return `is missing${about ? `: ${about}` : ''}`;
    }
    return `must be an object, not ${describeField(issue.input)}`;
  };
}

/**
 * An object of a config file: unknown fields are refused (with the field most likely meant), a
 * missing one is named with what it is for (its `v.description`).
 */
export function strictFields<const E extends Entries>(entries: E) {
  return v.strictObject(entries, fieldsMessage(entries, true));
}

/** An object of an HTTP body: as `strictFields`, but fields it does not know are dropped. */
export function looseFields<const E extends Entries>(entries: E) {
  return v.object(entries, fieldsMessage(entries, false));
}

/** An object of a bridge call: unknown fields are dropped; a missing one says what it must be. */
export function paramFields<const E extends Entries>(entries: E) {
  return v.object(entries, (issue) => {
    if (issue.path && issue.input === undefined) {
      const entry = entries[keyOf(issue)] as AnySchema | undefined;
      return `must be ${expectedText(entry?.expects ?? null)}, not undefined`;
    }
    return `must be an object, not ${describeParam(issue.input)}`;
  });
}

/** A `check` that a JSON Schema can say too: the generator writes `jsonSchema` in its place. */
export function withJsonSchema<A extends object>(
  action: A,
  jsonSchema: Record<string, unknown>,
): A {
  return Object.assign(action, { jsonSchema });
}

/** Each item once: the second of two equal items is named with the index of the first. */
export function uniqueItems<T>(what = 'listed') {
  const action = v.check<T[], v.ErrorMessage<v.CheckIssue<T[]>>>(
    (items) => new Set(items.map((i) => JSON.stringify(i))).size === items.length,
    (issue) => {
      const items = issue.input as T[];
      const seen = new Map<string, number>();
      for (const [j, item] of items.entries()) {
        const key = JSON.stringify(item);
        const i = seen.get(key);
        if (i !== undefined) return `${showValue(item)} is ${what} twice ([${i}] and [${j}])`;
        seen.set(key, j);
      }
      return 'has repeated items';
    },
  );
  return withJsonSchema(action, { uniqueItems: true });
}
