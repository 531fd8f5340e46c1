import { openApiNameOf, resultCodeInfo } from '../deps.js';
import { OpenApiError } from '../domain/errors.js';
import type { Platform } from '../platform.js';
import type { GatewayCall } from './context.js';

/** Answers with an armed fault's result code (after its latency) instead of serving the call. */
export async function injectFault(platform: Platform, call: GatewayCall): Promise<void> {
  const api = openApiNameOf(call.path);
  const { userId } = call.locals;
  const fault =
    api &&
    (await platform.faults.take(api, userId ? await platform.namespaceOf(userId) : undefined));
  if (!fault) return;
  if (fault.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, fault.latencyMs));
  if (!fault.resultCode) return;
  call.locals.injectedFault = fault.id;
  throw new OpenApiError(
    fault.resultCode,
    `${resultCodeInfo(fault.resultCode).message} (injected by sandbox fault ${fault.id})`,
  );
}
