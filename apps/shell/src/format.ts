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

/** An amount of money in the locale's way: "$1,284.50", "US$ 1.284,50", "1284,50 US$". */
export function formatAmount(amount: number, currency: string): string {
  return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(amount);
}
