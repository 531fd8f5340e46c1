import { describe, expect, it } from 'vitest';
import { matchLanguage } from '@mp-sandbox/protocol';
import { acceptedLanguages, decideLanguage, pickLanguage } from './language';

describe('the wallet language', () => {
  it("is the URL's, then the persona's, then the browser's first one the wallet speaks, then English", () => {
    expect(pickLanguage('es', 'zh-Hans', ['pt-BR'])).toBe('es');
    expect(pickLanguage(null, 'zh-Hans', ['pt-BR'])).toBe('zh-Hans');
    expect(pickLanguage(null, undefined, ['fr-FR', 'pt-PT', 'en'])).toBe('pt-BR');
    expect(pickLanguage(null, undefined, ['fr-FR', 'de'])).toBe('en');
    // A ?lang= the wallet does not speak is passed over, not obeyed.
    expect(pickLanguage('klingon', undefined, ['zh-CN'])).toBe('zh-Hans');
  });

  it('matches BCP 47 tags to the four catalogues, and leaves Traditional Chinese unmatched', () => {
    expect(
      ['en-GB', 'es-MX', 'pt', 'zh', 'zh-CN', 'zh-Hans-SG', 'zh_CN'].map(matchLanguage),
    ).toEqual(['en', 'es', 'pt-BR', 'zh-Hans', 'zh-Hans', 'zh-Hans', 'zh-Hans']);
    expect(['zh-TW', 'zh-Hant', 'fr', '', undefined].map(matchLanguage)).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });

  it("reads Accept-Language in the order navigator.languages has (the server's render decides with it)", () => {
    expect(acceptedLanguages('en-US,en;q=0.9')).toEqual(['en-US', 'en']);
    expect(acceptedLanguages('fr-CH;q=0.5, es-MX, *;q=0.1, en;q=0.8, de;q=0')).toEqual([
      'es-MX',
      'en',
      'fr-CH',
    ]);
    expect(acceptedLanguages(undefined)).toEqual([]);
  });

  it('keeps the browser tag for dates and numbers only when the browser chose the language', () => {
    expect(decideLanguage(null, undefined, ['en-GB', 'en'])).toEqual({
      language: 'en',
      formatLocale: 'en-GB',
    });
    expect(decideLanguage(null, 'es', ['en-GB'])).toEqual({ language: 'es', formatLocale: 'es' });
    expect(decideLanguage('pt-BR', undefined, ['es-MX'])).toEqual({
      language: 'pt-BR',
      formatLocale: 'pt-BR',
    });
    expect(decideLanguage(null, undefined, ['fr'])).toEqual({ language: 'en', formatLocale: 'en' });
  });
});
