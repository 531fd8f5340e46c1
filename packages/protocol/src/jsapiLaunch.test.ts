import { describe, expect, it } from 'vitest';
import {
  decodeBase64Url,
  encodeBase64Url,
  encodeLaunchParams,
  type SandboxLaunchParams,
} from './jsapiLaunch.js';
import { decodeLaunchParams } from './schema/messages.js';

const launch = {
  v: 1,
  appId: 'LAB0001',
  shellOrigin: 'http://127.0.0.1:7700',
  storageNamespace: 'ns-4f1c',
  siteInfo: { siteName: 'SANDBOX', region: 'ZZ' },
  systemInfo: { app: 'sandbox', language: 'es-MX', model: 'Teléfono ☕' },
} as unknown as SandboxLaunchParams;

describe('base64url', () => {
  it('matches RFC 4648 base64url, without padding, over UTF-8 bytes', () => {
    const vectors: Record<string, string> = {
      '': '',
      f: 'Zg',
      fo: 'Zm8',
      foo: 'Zm9v',
      foob: 'Zm9vYg',
      fooba: 'Zm9vYmE',
      foobar: 'Zm9vYmFy',
      '?>?>': 'Pz4_Pg',
      ñ: 'w7E',
      '☕': '4piV',
      '𝄞': '8J2Eng',
    };
    for (const [text, encoded] of Object.entries(vectors)) {
      expect(encodeBase64Url(text)).toBe(encoded);
      expect(decodeBase64Url(encoded)).toBe(text);
    }
  });

  it('refuses text that is not base64url', () => {
    expect(decodeBase64Url('a+b/')).toBeUndefined();
    expect(decodeBase64Url('abcde')).toBeUndefined();
  });
});

describe('launch parameters', () => {
  it('survive the round trip, non-ASCII text included', () => {
    expect(decodeLaunchParams(encodeLaunchParams(launch))).toEqual(launch);
  });

  it('say what is wrong when they cannot be used', () => {
    const encode = (value: unknown) => encodeBase64Url(JSON.stringify(value));
    expect(decodeLaunchParams('%%%')).toBe('__sandbox_launch is not base64url text');
    expect(decodeLaunchParams(encodeBase64Url('{'))).toBe('__sandbox_launch is not JSON');
    expect(decodeLaunchParams(encode({ ...launch, v: 2 }))).toMatch(
      /has version 2; this jsapi reads version 1/,
    );
    expect(decodeLaunchParams(encode({ ...launch, appId: '' }))).toBe(
      '__sandbox_launch.appId must be a non-empty string',
    );
    expect(decodeLaunchParams(encode({ ...launch, siteInfo: {} }))).toBe(
      '__sandbox_launch.siteInfo must hold siteName and region',
    );
  });
});
