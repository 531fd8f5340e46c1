/**
 * The wallet's one formatter for dates, times and amounts: every one the shell shows goes through
 * here, in the wallet's locale (set by i18n/language.ts), times on a 24-hour clock. An unreadable
 * time is shown as it came.
 */
let locale: string | undefined;

/** The wallet's locale (a BCP 47 tag); `undefined` means the browser's. */
export function setFormatLocale(next: string | undefined): void {
  locale = next;
}

function parse(at: string | number | Date): Date | undefined {
  const date = at instanceof Date ? at : new Date(at);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** A time of day with seconds: "14:05:09". */
export function formatTime(at: string | number | Date): string {
  const date = parse(at);
  return date
    ? date.toLocaleTimeString(locale, {
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
        hourCycle: 'h23',
      })
    : String(at);
}

/** A date and a time of day: "2 Dec 2026, 14:05:09" (in the locale's order). */
export function formatDateTime(at: string | number | Date): string {
  const date = parse(at);
  return date
    ? date.toLocaleString(locale, {
        day: 'numeric',
        month: 'short',
        year: 'numeric',
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
        hourCycle: 'h23',
      })
    : String(at);
}

/**
 * Amounts already formatted, by locale, currency and amount. Making a currency formatter is the
 * costliest step of the wallet's first render in a fresh browser (ICU loads its currency data:
 * tens of ms on a busy 2-core machine), so each text is made once, and a page the server drew
 * brings the ones it showed (`seedAmounts`): taking that page over makes no formatter at all.
 */
const amounts = new Map<string, string>();

/** Keys start with the locale, so one locale's amounts can be told from the others'. */
const localePrefix = () => `${locale ?? ''} `;
const amountKey = (amount: number, currency: string) => `${localePrefix()}${currency} ${amount}`;

/** An amount of money in the locale's way: "$1,284.50", "US$ 1.284,50", "1284,50 US$". */
export function formatAmount(amount: number, currency: string): string {
  const key = amountKey(amount, currency);
  let text = amounts.get(key);
  if (text === undefined) {
    text = new Intl.NumberFormat(locale, { style: 'currency', currency }).format(amount);
    amounts.set(key, text);
  }
  return text;
}

/** The amounts formatted so far in the current locale, for `seedAmounts` in the browser. */
export function formattedAmounts(): Record<string, string> {
  const prefix = localePrefix();
  return Object.fromEntries([...amounts].filter(([key]) => key.startsWith(prefix)));
}

export function seedAmounts(texts: Record<string, string>): void {
  for (const [key, text] of Object.entries(texts)) amounts.set(key, text);
}
