/**
 * Apps, merchant clients and personas sent to the control API, read with the protocol's schemas:
 * the rule set and the defaults the config file uses too. Every complaint names the field
 * (`app.url: …`); fields the API does not know are dropped.
 */
import { readPublicKey } from '@mp-sandbox/openapi-client';
import {
  appApiSchema,
  appPatchSchema,
  checkInput,
  clientApiSchema,
  clientPatchSchema,
  personaApiSchema,
  personaPatchSchema,
  problemLine,
  REGISTRY_DEFAULTS,
  type AnySchema,
  type MerchantClient,
  type MiniProgramApp,
  type Persona,
  type Problem,
} from '../deps.js';
import { ControlApiError } from './errors.js';

function invalid(kind: string, problems: Problem[]): never {
  const lines = problems.map((p) =>
    problemLine({
      ...p,
      path: p.path ? `${kind}${p.path.startsWith('[') ? '' : '.'}${p.path}` : kind,
    }),
  );
  throw new ControlApiError('INVALID_BODY', lines.join('; '));
}

function read<T>(kind: string, schema: AnySchema, body: Record<string, unknown>): T {
  const checked = checkInput(schema, body);
  if (!checked.ok) invalid(kind, checked.problems);
  return checked.value as T;
}

/** A mini program to register, or the fields to change on `existing` (its appId stays). */
export function readApp(body: Record<string, unknown>, existing?: MiniProgramApp): MiniProgramApp {
  const app = read<Partial<MiniProgramApp>>('app', existing ? appPatchSchema : appApiSchema, body);
  return {
    ...REGISTRY_DEFAULTS.app(),
    ...existing,
    ...app,
    ...(existing && { appId: existing.appId }),
  } as MiniProgramApp;
}

/** A persona to add, or the fields to change on `existing` (its id stays). */
export function readPersona(body: Record<string, unknown>, existing?: Persona): Persona {
  const persona = read<Partial<Persona>>(
    'persona',
    existing ? personaPatchSchema : personaApiSchema,
    body,
  );
  return {
    ...REGISTRY_DEFAULTS.persona(),
    ...existing,
    ...persona,
    ...(existing && { id: existing.id }),
  } as Persona;
}

/** A merchant client to register, or the fields to change on `existing` (its clientId stays). */
export function readClient(
  body: Record<string, unknown>,
  existing?: MerchantClient,
): MerchantClient {
  const client = read<Partial<MerchantClient>>(
    'client',
    existing ? clientPatchSchema : clientApiSchema,
    body,
  );
  // Any form a merchant holds (SPKI or PKCS#1, PEM or one-line base64); a wrong one is named.
  const keyProblems = (client.publicKeys ?? []).flatMap((key, i): Problem[] => {
    const parsed = readPublicKey(key.pem!);
    return 'problem' in parsed ? [{ path: `publicKeys[${i}].pem`, message: parsed.problem }] : [];
  });
  if (keyProblems.length > 0) invalid('client', keyProblems);
  const clientId = existing?.clientId ?? client.clientId!;
  return {
    ...REGISTRY_DEFAULTS.client(clientId),
    ...existing,
    ...client,
    clientId,
  } as MerchantClient;
}
