import { useId } from 'react';
import { chooseTheme, useTheme, type ThemeChoice } from '../../theme';

const LABELS: Record<ThemeChoice, string> = { system: 'System', light: 'Light', dark: 'Dark' };

/** Light or dark for the wallet and this console; mini programs opened afterwards see it in getSystemInfo. */
export function ThemeControl() {
  const { choice, theme } = useTheme();
  const selectId = useId();
  return (
    <section className="control" aria-labelledby="console-theme-title">
      <h4 id="console-theme-title">Display</h4>
      <div className="field">
        <label htmlFor={selectId}>Theme</label>
        <select id={selectId} value={choice} onChange={(event) => chooseTheme(event.target.value as ThemeChoice)}>
          {(Object.keys(LABELS) as ThemeChoice[]).map((value) => (
            <option key={value} value={value}>
              {LABELS[value]}
              {value === 'system' ? ` (now ${theme})` : ''}
            </option>
          ))}
        </select>
      </div>
      <p className="muted">Mini programs opened from now on get it as my.getSystemInfo().theme.</p>
    </section>
  );
}
