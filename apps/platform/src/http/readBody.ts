import {
  checkInput,
  problemLine,
  type AnySchema,
  type ApiErrorCode,
  type SchemaOutput,
} from '../deps.js';
import { ControlApiError } from '../domain/errors.js';

/** A body read with its protocol schema, or INVALID_BODY naming each bad field (`decision must be …`). */
export function readBody<S extends AnySchema>(
  schema: S,
  body: Record<string, unknown>,
  code: ApiErrorCode = 'INVALID_BODY',
): SchemaOutput<S> {
  const checked = checkInput(schema, body);
  if (!checked.ok)
    throw new ControlApiError(
      code,
      checked.problems.map((p) => problemLine(p, 'param')).join('; '),
    );
  return checked.value;
}
