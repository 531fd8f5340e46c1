import { describe, expect, it } from 'vitest';
import {
  formatGatewayTime,
  formatSignatureHeader,
  parseGatewayTime,
  parseSignatureHeader,
  signedContent,
} from './signature.js';

// A base64 signature holding every character URL-encoding changes.
const BASE64 = 'ab+cd/ef==';
const ENCODED = 'ab%2Bcd%2Fef%3D%3D';

describe('signedContent', () => {
  it('is "<METHOD> <path>\\n<Client-Id>.<time>.<body>" with the body byte for byte', () => {
    const body = '{ "grantType":"AUTHORIZATION_CODE",\n"authCode":"2810ABC" }';
    expect(
      signedContent(
        'POST',
        '/v2/authorizations/applyToken',
        '2024CLIENT',
        '2019-05-28T12:12:12+08:00',
        body,
      ),
    ).toBe(
      'POST /v2/authorizations/applyToken\n2024CLIENT.2019-05-28T12:12:12+08:00.{ "grantType":"AUTHORIZATION_CODE",\n"authCode":"2810ABC" }',
    );
  });

  it('upper-cases the method and keeps the query string and the /api/open prefix of the path', () => {
    expect(signedContent('post', '/api/open/v2/users/inquiryUserInfo?trace=1', 'C', 'T', '')).toBe(
      'POST /api/open/v2/users/inquiryUserInfo?trace=1\nC.T.',
    );
  });
});

describe('formatSignatureHeader', () => {
  it('writes algorithm, keyVersion and the URL-encoded signature, separated by a comma and a space', () => {
    expect(formatSignatureHeader(BASE64)).toBe(
      `algorithm=RSA256, keyVersion=1, signature=${ENCODED}`,
    );
    expect(formatSignatureHeader(BASE64, '3')).toBe(
      `algorithm=RSA256, keyVersion=3, signature=${ENCODED}`,
    );
  });

  it('is read back by parseSignatureHeader to the same base64 signature and key version', () => {
    expect(parseSignatureHeader(formatSignatureHeader(BASE64, 2))).toEqual({
      algorithm: 'RSA256',
      keyVersion: '2',
      signature: BASE64,
    });
  });
});

describe('parseSignatureHeader', () => {
  it('reads the documented form with spaces after the commas', () => {
    expect(parseSignatureHeader(`algorithm=RSA256, keyVersion=1, signature=${ENCODED}`)).toEqual({
      algorithm: 'RSA256',
      keyVersion: '1',
      signature: BASE64,
    });
  });

  it('reads the official SDK form without spaces after the commas', () => {
    expect(parseSignatureHeader(`algorithm=RSA256,keyVersion=1,signature=${ENCODED}`)).toEqual({
      algorithm: 'RSA256',
      keyVersion: '1',
      signature: BASE64,
    });
  });

  it('accepts the parts in any order, keys and algorithm in any case', () => {
    expect(parseSignatureHeader(`Signature=${ENCODED}, KEYVERSION=4, Algorithm=rsa256`)).toEqual({
      algorithm: 'RSA256',
      keyVersion: '4',
      signature: BASE64,
    });
  });

  it('takes RSA256 and keyVersion 1 when the header leaves them out', () => {
    expect(parseSignatureHeader(`signature=${ENCODED}`)).toEqual({
      algorithm: 'RSA256',
      keyVersion: '1',
      signature: BASE64,
    });
  });

  it('accepts a signature that was not URL-encoded, keeping + / and = as they are', () => {
    expect(parseSignatureHeader(`algorithm=RSA256, keyVersion=1, signature=${BASE64}`)).toEqual({
      algorithm: 'RSA256',
      keyVersion: '1',
      signature: BASE64,
    });
  });

  it('returns a reason naming "signature=" when the signature part is missing or empty', () => {
    for (const header of [
      'algorithm=RSA256, keyVersion=1',
      'algorithm=RSA256, keyVersion=1, signature=',
      '',
    ]) {
      const parsed = parseSignatureHeader(header);
      expect(typeof parsed).toBe('string');
      expect(parsed).toMatch(/signature=/);
    }
  });

  it('returns a reason naming the algorithm when it is not RSA256', () => {
    const parsed = parseSignatureHeader(`algorithm=ECC224, keyVersion=1, signature=${ENCODED}`);
    expect(typeof parsed).toBe('string');
    expect(parsed).toMatch(/ECC224.*RSA256/);
  });

  it('returns a reason when the signature is not valid URL-encoding', () => {
    const parsed = parseSignatureHeader('algorithm=RSA256, keyVersion=1, signature=ab%E0%A4%A');
    expect(typeof parsed).toBe('string');
    expect(parsed).toMatch(/URL-encoding/);
  });
});

describe('formatGatewayTime', () => {
  it('writes ISO 8601 in UTC with a +00:00 offset and whole seconds', () => {
    expect(formatGatewayTime(Date.UTC(2026, 0, 31, 12, 0, 0))).toBe('2026-01-31T12:00:00+00:00');
  });

  it('drops the milliseconds instead of rounding up', () => {
    expect(formatGatewayTime(Date.UTC(2019, 4, 28, 4, 12, 12, 999))).toBe(
      '2019-05-28T04:12:12+00:00',
    );
  });
});

describe('parseGatewayTime', () => {
  it('reads ISO 8601 with a +08:00 offset as the same instant in UTC', () => {
    expect(parseGatewayTime('2019-05-28T12:12:12+08:00')).toBe(Date.UTC(2019, 4, 28, 4, 12, 12));
  });

  it('reads a negative offset, an offset without a colon, Z, and fractions of a second', () => {
    expect(parseGatewayTime('2019-05-27T23:12:12-05:00')).toBe(Date.UTC(2019, 4, 28, 4, 12, 12));
    expect(parseGatewayTime('2019-05-28T12:12:12+0800')).toBe(Date.UTC(2019, 4, 28, 4, 12, 12));
    expect(parseGatewayTime('2019-05-28T04:12:12Z')).toBe(Date.UTC(2019, 4, 28, 4, 12, 12));
    expect(parseGatewayTime('2019-05-28T04:12:12.250Z')).toBe(
      Date.UTC(2019, 4, 28, 4, 12, 12, 250),
    );
  });

  it('reads epoch milliseconds, as some wallets send them', () => {
    expect(parseGatewayTime('1559016732000')).toBe(1559016732000);
  });

  it("reads epoch nanoseconds, as Alipay's global Go SDK sends them (time.Now().UnixNano())", () => {
    expect(parseGatewayTime('1559016732123456789')).toBe(1559016732123);
  });

  it('gives back what formatGatewayTime wrote', () => {
    const at = Date.UTC(2030, 11, 31, 23, 59, 59);
    expect(parseGatewayTime(formatGatewayTime(at))).toBe(at);
  });

  it('refuses a time without an offset, a date alone, epoch seconds and free text', () => {
    for (const value of [
      '2019-05-28T12:12:12',
      '2019-05-28',
      '1559016732',
      'yesterday',
      '',
      '2019-05-28 12:12:12+08:00',
    ]) {
      expect(parseGatewayTime(value)).toBeUndefined();
    }
  });
});
