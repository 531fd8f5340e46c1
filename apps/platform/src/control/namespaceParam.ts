import type { Request } from 'express';

/** The namespace a control call is about: `?namespace=` or a `namespace` field in the body. */
export function namespaceParam(req: Request): string | undefined {
  const fromQuery = req.query['namespace'];
  if (typeof fromQuery === 'string' && fromQuery !== '') return fromQuery;
  const fromBody = (req.body as Record<string, unknown> | undefined)?.['namespace'];
  return typeof fromBody === 'string' && fromBody !== '' ? fromBody : undefined;
}
