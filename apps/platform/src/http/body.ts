import type { Request } from 'express';
import { ControlApiError } from '../domain/errors.js';

/** The JSON object a control or wallet call sent, or INVALID_BODY that says how to send one. */
export function bodyOf(req: Request): Record<string, unknown> {
  const body: unknown = req.body;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new ControlApiError('INVALID_BODY', 'send a JSON object with Content-Type: application/json');
  }
  return body as Record<string, unknown>;
}

/** A non-empty string field of a body, or INVALID_BODY naming it. */
export function stringField(body: Record<string, unknown>, field: string): string {
  const value = body[field];
  if (typeof value !== 'string' || value === '') throw new ControlApiError('INVALID_BODY', `${field} must be a non-empty string`);
  return value;
}
