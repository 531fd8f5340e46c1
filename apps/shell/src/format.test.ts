import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  formatAmount,
  formatDateTime,
  formattedAmounts,
  formatTime,
  setFormatLocale,
} from './format';

describe('the wallet formatter', () => {
  afterEach(() => setFormatLocale(undefined));

  it('writes times on a 24-hour clock with seconds, and dates with the month in words', () => {
    setFormatLocale('en-GB');
    const at = new Date(2026, 11, 2, 14, 5, 9);
    expect(formatTime(at)).toBe('14:05:09');
    expect(formatDateTime(at)).toBe('2 Dec 2026, 14:05:09');
    expect(formatTime(new Date(2026, 0, 1, 0, 0, 0))).toBe('00:00:00');
  });

  it('follows the wallet locale', () => {
    setFormatLocale('pt-BR');
    expect(formatDateTime(new Date(2026, 11, 2, 14, 5, 9))).toMatch(
      /^2 de dez\.? de 2026,? 14:05:09$/,
    );
  });

  it('shows an unreadable time as it came', () => {
    expect(formatTime('not a time')).toBe('not a time');
  });
});

describe('amounts', () => {
  afterEach(() => setFormatLocale(undefined));

  it('follow the wallet locale too', () => {
    setFormatLocale('en');
    expect(formatAmount(1284.5, 'USD')).toBe('$1,284.50');
    setFormatLocale('pt-BR');
    expect(formatAmount(1284.5, 'USD')).toMatch(/^US\$\s1\.284,50$/);
    setFormatLocale('zh-Hans');
    expect(formatAmount(1284.5, 'USD')).toBe('US$1,284.50');
  });

  it('are formatted once, and the texts a page drawn by the server carries are used as they are', async () => {
    setFormatLocale('es-MX');
    const drawn = formatAmount(1284.5, 'USD');
    const carried = formattedAmounts();
    expect(Object.values(carried)).toContain(drawn);

    // The browser: a fresh copy of the module, given what the page carried.
    vi.resetModules();
    const browser = await import('./format');
    browser.setFormatLocale('es-MX');
    const Original = Intl.NumberFormat;
    const made = vi.spyOn(Intl, 'NumberFormat').mockImplementation(function (
      ...args: ConstructorParameters<typeof Original>
    ) {
      return new Original(...args);
    } as typeof Original);
    try {
      browser.seedAmounts(carried);
      expect(browser.formatAmount(1284.5, 'USD')).toBe(drawn);
      expect(made).not.toHaveBeenCalled();
      // Another amount is formatted, once.
      expect(browser.formatAmount(2, 'USD')).toBe(browser.formatAmount(2, 'USD'));
      expect(made).toHaveBeenCalledTimes(1);
      // Another locale is another text.
      browser.setFormatLocale('en-US');
      expect(browser.formatAmount(1284.5, 'USD')).toBe('$1,284.50');
      expect(made).toHaveBeenCalledTimes(2);
    } finally {
      made.mockRestore();
    }
  });
});
