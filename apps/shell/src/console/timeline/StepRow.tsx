import { useId, useState } from 'react';
import type { TimelineStep } from './buildTimeline';
import { describeStep, startedAt, timeOfDay } from './describeStep';
import { StepDetails } from './StepDetails';
import { Icon } from '../../wallet/icons';

/** A rule the developer broke, said where it happened. */
function RuleWarning({ step }: { step: TimelineStep }) {
  return (
    <li className="rule-warning" role="note">
      <Icon name="warning" size={15} className="rule-icon" />
      <p>
        <strong>Rule:</strong> {String(step.event.data['message'])}
      </p>
    </li>
  );
}

/** One step of a login: a row that opens on its details; a failure says why and what to do. */
export function StepRow({ step }: { step: TimelineStep }) {
  const [open, setOpen] = useState(false);
  const detailsId = useId();
  if (step.event.type === 'rule.warning') return <RuleWarning step={step} />;
  const summary = describeStep(step.event);
  return (
    <li className={`step tone-${summary.tone}`}>
      <button
        type="button"
        className="step-toggle"
        aria-expanded={open}
        aria-controls={open ? detailsId : undefined}
        onClick={() => setOpen(!open)}
      >
        <span className="chevron" aria-hidden="true">
          {open ? '▾' : '▸'}
        </span>
        <span className="step-title">{summary.title}</span>
        <span className="step-detail">{summary.detail}</span>
        <span className="step-time">{timeOfDay(startedAt(step.event))}</span>
      </button>
      {summary.failure && (
        <div className="step-failure">
          <p>{summary.failure.reason}</p>
          {summary.failure.fix && (
            <p>
              <strong>Fix:</strong> {summary.failure.fix}
            </p>
          )}
        </div>
      )}
      {summary.note && <p className="step-note">{summary.note}</p>}
      {open && <StepDetails id={detailsId} step={step} />}
    </li>
  );
}
