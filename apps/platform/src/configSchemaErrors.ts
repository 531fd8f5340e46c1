/**
 * ajv's complaints about a config file, as people read them: `apps[1].scopes[2]: "USER_FOO" is not
 * a scope; known: …`, with a "did you mean" for misspelt field names.
 */
import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { configSchema, PATTERN_RULES } from './configFileSchema.js';

let validator: ValidateFunction | undefined;

function validateSchema(raw: unknown): ErrorObject[] {
  if (!validator) {
    const ajv = new Ajv2020({ allErrors: true, allowUnionTypes: true, verbose: true });
    addFormats(ajv);
    validator = ajv.compile(configSchema());
  }
  return validator(raw) ? [] : [...(validator.errors ?? [])];
}

/** `/apps/1/scopes/2` → `apps[1].scopes[2]`. */
export function pathOf(pointer: string, ...more: string[]): string {
  const segments = [...pointer.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~')), ...more];
  let path = '';
  for (const segment of segments) {
    if (/^\d+$/.test(segment)) path += `[${segment}]`;
    else if (/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(segment)) path += path ? `.${segment}` : segment;
    else path += `[${JSON.stringify(segment)}]`;
  }
  return path;
}

function valueAt(root: unknown, pointer: string): unknown {
  let node = root;
  for (const segment of pointer.split('/').slice(1)) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[segment.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return node;
}

export function show(value: unknown): string {
  const text = JSON.stringify(value);
  return text === undefined ? String(value) : text.length > 80 ? `${text.slice(0, 77)}…` : text;
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'number') return Number.isInteger(value) ? 'an integer' : 'a number';
  return `a ${typeof value} (${show(value)})`;
}

const TYPE_NAMES: Record<string, string> = {
  string: 'a string',
  integer: 'an integer',
  number: 'a number',
  boolean: 'true or false',
  object: 'an object',
  array: 'an array',
  null: 'null',
};

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
function closest(name: string, known: string[]): string | undefined {
  const lower = name.toLowerCase();
  const scored = known
    .map((k) => ({ k, d: k.toLowerCase() === lower ? 0 : distance(lower, k.toLowerCase()) }))
    .sort((a, b) => a.d - b.d);
  const best = scored[0];
  return best && best.d <= Math.max(2, Math.floor(name.length / 4)) ? best.k : undefined;
}

// The place of a value whatever its index: /apps/1/scopes/2 becomes /apps/[*]/scopes/[*] (written with a bare star).
function placeOf(pointer: string): string {
  return pointer
    .split('/')
    .map((segment, i, all) => (/^\d+$/.test(segment) || (i === all.length - 1 && /^\/(lifetimes|ports)\/[^/]+$/.test(pointer)) ? '*' : segment))
    .join('/');
}

function enumMessage(place: string, error: ErrorObject, value: unknown): string {
  const allowed = (error.params as { allowedValues: unknown[] }).allowedValues.map(String);
  const hint = typeof value === 'string' ? closest(value, allowed) : undefined;
  const didYouMean = hint ? ` (did you mean "${hint}"?)` : '';
  if (place === '/apps/*/scopes/*') return `${show(value)} is not a scope${didYouMean}; known: ${allowed.join(', ')}`;
  if (place === '/clients/*/grantTypes/*') return `${show(value)} is not a grant type${didYouMean}; known: ${allowed.join(', ')}`;
  return `${show(value)} must be one of ${allowed.join(', ')}${didYouMean}`;
}

function propertiesOf(error: ErrorObject): Record<string, Record<string, unknown>> {
  return ((error.parentSchema as Record<string, unknown> | undefined)?.['properties'] ?? {}) as Record<string, Record<string, unknown>>;
}

function describeSchemaError(error: ErrorObject, raw: unknown): { path: string; message: string } {
  const value = valueAt(raw, error.instancePath);
  const at = pathOf(error.instancePath);
  const place = placeOf(error.instancePath);
  switch (error.keyword) {
    case 'additionalProperties': {
      const name = (error.params as { additionalProperty: string }).additionalProperty;
      const known = Object.keys(propertiesOf(error));
      const hint = closest(name, known);
      return {
        path: pathOf(error.instancePath, name),
        message: `unknown field${hint ? `; did you mean "${hint}"?` : ''} (${at || 'the top level'} may have: ${known.join(', ')})`,
      };
    }
    case 'required': {
      const name = (error.params as { missingProperty: string }).missingProperty;
      const about = propertiesOf(error)[name]?.['description'];
      return { path: pathOf(error.instancePath, name), message: `is missing${about ? `: ${String(about)}` : ''}` };
    }
    case 'type': {
      const wanted = String((error.params as { type: string | string[] }).type).split(',').map((t) => TYPE_NAMES[t] ?? t);
      return { path: at, message: `must be ${wanted.join(' or ')}, not ${kindOf(value)}` };
    }
    case 'enum':
      return { path: at, message: enumMessage(place, error, value) };
    case 'pattern':
    case 'format':
      return { path: at, message: `${show(value)} ${PATTERN_RULES[place] ?? error.message ?? 'is not valid'}` };
    case 'maxLength':
      return { path: at, message: `must be at most ${String(error.schema)} characters (it has ${String((value as string).length)})` };
    case 'minLength':
      return { path: at, message: 'must not be empty' };
    case 'minimum':
    case 'maximum':
      if (place === '/ports/*') return { path: at, message: `${show(value)} is not a port number (1-65535)` };
      if (place === '/lifetimes/*') return { path: at, message: `${show(value)} must be longer than 0` };
      return { path: at, message: `must be ${error.keyword === 'minimum' ? 'at least' : 'at most'} ${String(error.schema)}` };
    case 'uniqueItems': {
      const { i, j } = error.params as { i: number; j: number };
      const items = value as unknown[];
      return { path: at, message: `${show(items[i])} is listed twice ([${Math.min(i, j)}] and [${Math.max(i, j)}])` };
    }
    case 'minItems':
      return { path: at, message: `must list at least ${String(error.schema)}` };
    case 'oneOf': {
      if (place === '/clients/*/publicKeys/*') {
        const entry = (value ?? {}) as Record<string, unknown>;
        if (entry['pem'] !== undefined && entry['file'] !== undefined) return { path: at, message: 'give pem or file, not both' };
        return { path: at, message: 'give pem (the PEM text) or file (a .pem file): one of them' };
      }
      return { path: at, message: error.message ?? 'is not valid' };
    }
    default:
      return { path: at, message: error.message ?? 'is not valid' };
  }
}

/** ajv's errors as `path: message` lines, without the noise of the branches a `oneOf` tried. */
export function schemaProblems(raw: unknown): string[] {
  const lines: string[] = [];
  for (const error of validateSchema(raw)) {
    if (/\/(oneOf|anyOf)\/\d+\//.test(error.schemaPath)) continue;
    const described = describeSchemaError(error, raw);
    const line = described.path ? `${described.path}: ${described.message}` : described.message;
    if (!lines.includes(line)) lines.push(line);
  }
  return lines;
}

