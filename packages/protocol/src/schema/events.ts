/**
 * `POST /sandbox/v1/events`: what only the shell sees (the `my.*` calls it answered, the rules it
 * saw broken), reported to the timeline. The platform records its own events itself.
 */
import * as v from 'valibot';
import { SHELL_RULES, type ReportedEvent } from '../sandboxApi.js';
import { isRecord } from '../guards.js';
import { looseFields } from './check.js';

const text = (max: number) => {
  const message = `must be a non-empty string of at most ${max} characters`;
  return v.pipe(v.string(message), v.minLength(1, message), v.maxLength(max, message));
};
const REPORTED_TYPES = ['bridge.call', 'rule.warning'] as const;
const OUTCOME = 'must be "success" or "fail"';

const link = { appId: text(256), userId: text(256), correlationId: v.optional(text(256)) };

const bridgeCall = (outcome: 'success' | 'fail') => ({
  ...link,
  type: v.literal('bridge.call'),
  method: text(64),
  params: v.optional(
    v.union(
      [
        v.pipe(
          v.null(),
          v.transform(() => ({})),
        ),
        v.custom<Record<string, unknown>>(isRecord),
      ],
      'must be a JSON object (the parameters of the call)',
    ),
    () => ({}),
  ),
  outcome: v.literal(outcome),
  durationMs: v.pipe(
    v.number('must be a number of milliseconds, 0 or more'),
    v.check((ms) => Number.isFinite(ms) && ms >= 0, 'must be a number of milliseconds, 0 or more'),
  ),
});

const jsapiError = v.looseObject(
  { error: v.number(), errorMessage: v.string() },
  'must be the JSAPI error the mini program got: { error: number, errorMessage: string }',
);

export const reportedEventSchema = v.variant(
  'type',
  [
    looseFields({
      ...link,
      type: v.literal('rule.warning'),
      rule: v.picklist(SHELL_RULES, `must be one of ${SHELL_RULES.join(', ')}`),
      message: text(1024),
    }),
    v.variant(
      'outcome',
      [
        looseFields({ ...bridgeCall('success'), result: v.optional(v.unknown(), null) }),
        looseFields({ ...bridgeCall('fail'), error: jsapiError }),
      ],
      OUTCOME,
    ),
  ],
  // valibot words an inner variant's bad key with the outer variant's message: say which key it was.
  (issue) =>
    issue.path?.at(-1)?.key === 'outcome'
      ? OUTCOME
      : `must be one of ${REPORTED_TYPES.join(', ')}: the platform records its own events itself`,
);

type Expect<T extends true> = T;
/** Fails to compile when what the schema lets through is not a `ReportedEvent`. */
export type ReportedEventSchemaFits = Expect<
  v.InferOutput<typeof reportedEventSchema> extends ReportedEvent ? true : false
>;
