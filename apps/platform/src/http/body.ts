import type { Request } from 'express';
import { ControlApiError } from '../domain/errors.js';

/** The JSON object a control or wallet call sent, or INVALID_BODY that says how to send one. */
export function bodyOf(req: Request): Record<string, unknown> {
  const body: unknown = req.body;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new ControlApiError(
      'INVALID_BODY',
      'send a JSON object with Content-Type: application/json',
    );
  }
  return body as Record<string, unknown>;
}
