/**
 * The languages the wallet speaks. Each is the tag the wallet reports in
 * `my.getSystemInfo().language`: the platform documents `en` and `zh-Hans` (with `zh-Hant`,
 * `zh-HK`) in `@mini-types/my`; Spanish and Brazilian Portuguese follow the same BCP 47 form.
 */
export const WALLET_LANGUAGES = ['en', 'es', 'pt-BR', 'zh-Hans'] as const;

export type WalletLanguage = (typeof WALLET_LANGUAGES)[number];

export const DEFAULT_LANGUAGE: WalletLanguage = 'en';

/** Each language in its own words, for a language menu. */
export const LANGUAGE_NAMES: Record<WalletLanguage, string> = {
  en: 'English',
  es: 'Español',
  'pt-BR': 'Português (Brasil)',
  'zh-Hans': '简体中文',
};

export function isWalletLanguage(value: unknown): value is WalletLanguage {
  return typeof value === 'string' && (WALLET_LANGUAGES as readonly string[]).includes(value);
}

/**
 * The wallet language a BCP 47 tag asks for, or undefined when the wallet does not speak it:
 * `es-MX` → `es`, `pt` or `pt-PT` → `pt-BR` (the one Portuguese it has), `zh`, `zh-CN`, `zh-SG`
 * and `zh-Hans-*` → `zh-Hans`. Traditional Chinese (`zh-Hant`, `zh-TW`, `zh-HK`) is not matched.
 */
export function matchLanguage(tag: string | null | undefined): WalletLanguage | undefined {
  if (!tag) return undefined;
  const parts = tag.trim().replace(/_/g, '-').toLowerCase().split('-');
  const [language, next] = parts;
  if (language === 'en') return 'en';
  if (language === 'es') return 'es';
  if (language === 'pt') return 'pt-BR';
  if (language === 'zh')
    return next === undefined || ['hans', 'cn', 'sg', 'my'].includes(next) ? 'zh-Hans' : undefined;
  return undefined;
}
