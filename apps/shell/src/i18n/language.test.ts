import { describe, expect, it } from 'vitest';
import { matchLanguage } from '@mp-sandbox/protocol';
import { pickLanguage } from './language';

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
});
