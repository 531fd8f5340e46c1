import { ClockControl } from './ClockControl';
import { ConsentPolicyControl } from './ConsentPolicyControl';
import { FaultControl } from './FaultControl';
import { ResetControl } from './ResetControl';
import { ThemeControl } from './ThemeControl';

/** The sandbox's knobs, all through the control API. */
export function Controls({ onReset }: { onReset: () => void }) {
  return (
    <section className="controls" aria-labelledby="console-controls-title">
      <h3 id="console-controls-title">Controls</h3>
      <ClockControl />
      <FaultControl />
      <ConsentPolicyControl />
      <ThemeControl />
      <ResetControl onReset={onReset} />
    </section>
  );
}
