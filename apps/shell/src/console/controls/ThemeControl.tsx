import { useId } from 'react';
import {
  DEVICE_IDS,
  DEVICE_PROFILES,
  LANGUAGE_NAMES,
  WALLET_LANGUAGES,
  type DeviceId,
  type WalletLanguage,
} from '@mp-sandbox/protocol';
import { chooseDevice, useDevice } from '../../device';
import { chooseLanguage, useLanguage } from '../../i18n/language';
import { chooseTheme, useTheme, type ThemeChoice } from '../../theme';

const LABELS: Record<ThemeChoice, string> = { system: 'System', light: 'Light', dark: 'Dark' };

/**
 * What the wallet looks like: light or dark (the console too), the phone it plays and its
 * language. Each choice is kept in the URL (`?theme=`, `?device=`, `?lang=`), so a link reproduces
 * the screen. An open mini program hears a theme change (my.onThemeChange); another phone or
 * language starts it afresh, with the new my.getSystemInfo().
 */
export function ThemeControl() {
  const { choice, theme } = useTheme();
  const { device } = useDevice();
  const language = useLanguage();
  const themeId = useId();
  const deviceId = useId();
  const languageId = useId();
  return (
    <section className="control" aria-labelledby="console-theme-title">
      <h4 id="console-theme-title">Display</h4>
      <div className="field">
        <label htmlFor={themeId}>Theme</label>
        <select
          id={themeId}
          value={choice}
          onChange={(event) => chooseTheme(event.currentTarget.value as ThemeChoice)}
        >
          {(Object.keys(LABELS) as ThemeChoice[]).map((value) => (
            <option key={value} value={value}>
              {LABELS[value]}
              {value === 'system' ? ` (now ${theme})` : ''}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={deviceId}>Device</label>
        <select
          id={deviceId}
          value={device.id}
          onChange={(event) => chooseDevice(event.currentTarget.value as DeviceId)}
        >
          {DEVICE_IDS.map((id) => (
            <option key={id} value={id}>
              {DEVICE_PROFILES[id].name} ({DEVICE_PROFILES[id].platform}{' '}
              {DEVICE_PROFILES[id].system}, {DEVICE_PROFILES[id].screen.width}×
              {DEVICE_PROFILES[id].screen.height})
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={languageId}>Language</label>
        <select
          id={languageId}
          value={language.choice}
          onChange={(event) => chooseLanguage(event.currentTarget.value as WalletLanguage | 'auto')}
        >
          <option value="auto">User or browser (now {LANGUAGE_NAMES[language.language]})</option>
          {WALLET_LANGUAGES.map((value) => (
            <option key={value} value={value} lang={value}>
              {LANGUAGE_NAMES[value]}
            </option>
          ))}
        </select>
      </div>
      <p className="muted">
        The mini program gets them in my.getSystemInfo(): theme, model, screen, safeArea, language.
      </p>
    </section>
  );
}
