import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import type { OpenApiCallEventData } from '@mp-sandbox/protocol';
import { curlFor } from './curl';

describe('curlFor', () => {
  it('writes the stored request with every header and the body, quoted for the shell', () => {
    const data = {
      request: {
        method: 'POST',
        path: '/v2/users/inquiryUserInfo',
        headers: {
          'client-id': 'C1',
          'request-time': '2026-12-02T03:00:33+00:00',
          signature: 'algorithm=RSA256, keyVersion=1, signature=a%2Bb',
        },
        body: { accessToken: "it's" },
      },
    } as unknown as OpenApiCallEventData;
    const command = curlFor(data, 'http://127.0.0.1:7701/');
    expect(command).toContain("'http://127.0.0.1:7701/v2/users/inquiryUserInfo'");
    expect(command).toContain("-H 'signature: algorithm=RSA256, keyVersion=1, signature=a%2Bb'");
    // The shell reads the body back exactly as it was sent, quote included.
    const echoed = execFileSync('sh', ['-c', `printf %s ${command.split('--data-raw ')[1]}`], {
      encoding: 'utf8',
    });
    expect(echoed).toBe('{"accessToken":"it\'s"}');
  });
});
