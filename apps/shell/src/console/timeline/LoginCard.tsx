import { useId } from 'react';
import type { MiniProgramApp } from '@mp-sandbox/protocol';
import type { TimelineGroup } from './buildTimeline';
import { describeStep, timeOfDay } from './describeStep';
import { StepRow } from './StepRow';

function failed(group: TimelineGroup): boolean {
  return group.steps.some((step) => describeStep(step.event).tone === 'fail');
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
  const title = group.correlationId ? `${appName} · login` : first.type === 'rule.warning' ? `${appName} · rule` : `${appName} · ${describeStep(first).title}`;
  return (
    <article className={`login-card${failed(group) ? ' failed' : ''}`} aria-labelledby={headingId}>
      <header className="login-card-header">
        <h4 id={headingId}>{title}</h4>
        <p className="muted mono">
          {group.userId ?? 'no user'}
          {group.correlationId && ` · ${group.correlationId}`} · {timeOfDay(first.at)}
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
