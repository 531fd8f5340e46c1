import { useId } from 'react';
import { SCOPES, type MiniProgramApp, type ScopeName } from '@mp-sandbox/protocol';
import type { TimelineGroup } from './buildTimeline';
import { describeStep, startedAt, timeOfDay } from './describeStep';
import { StepRow } from './StepRow';

function failed(group: TimelineGroup): boolean {
  return group.steps.some((step) => describeStep(step.event).tone === 'fail');
}

/**
 * What kind of login a card is: refused by the user or a policy, or a silent authorization (a
 * check-in with `auth_base` and the like, no sheet possible), or a login.
 */
function loginKind(group: TimelineGroup): string {
  if (group.steps.some((step) => step.event.type === 'consent.denied')) return 'login refused';
  const code = group.steps.find((step) => step.event.type === 'auth_code.issued')?.event;
  const scopes =
    code && Array.isArray(code.data['scopes']) ? (code.data['scopes'] as string[]) : [];
  const silent =
    scopes.length > 0 && scopes.every((scope) => SCOPES[scope as ScopeName]?.mode === 'silent');
  return silent ? 'silent authorization' : 'login';
}

/**
 * A login: every step that shares its correlation id, in order. An event outside any login gets
 * a card of its own, titled by what it is.
 */
export function LoginCard({ group, apps }: { group: TimelineGroup; apps: MiniProgramApp[] }) {
  const headingId = useId();
  const app = apps.find((a) => a.appId === group.appId);
  const appName = app?.name ?? group.appId ?? 'No app';
  const first = group.steps[0]!.event;
  const title = group.correlationId
    ? `${appName} · ${loginKind(group)}`
    : first.type === 'rule.warning'
      ? `${appName} · rule`
      : `${appName} · ${describeStep(first).title}`;
  return (
    <article className={`login-card${failed(group) ? ' failed' : ''}`} aria-labelledby={headingId}>
      <header className="login-card-header">
        <h4 id={headingId}>{title}</h4>
        <p className="muted mono">
          {group.userId ?? 'no user'}
          {group.correlationId && ` · ${group.correlationId}`} · {timeOfDay(startedAt(first))}
        </p>
      </header>
      <ol className="steps">
        {group.steps.map((step) => (
          <StepRow key={step.event.seq} step={step} />
        ))}
      </ol>
    </article>
  );
}
