import { describe, expect, it } from 'vitest';
import { sandboxAddresses } from './urls.js';

describe('sandboxAddresses', () => {
  it('names SANDBOX_HOST in URLs, and the bind address in the URLs this machine uses', () => {
    const team = sandboxAddresses({
      SANDBOX_HOST: 'sandbox.team.lan',
      SANDBOX_BIND_HOST: '10.0.0.5',
    });
    expect(team.urls.shell).toBe('http://sandbox.team.lan:7700');
    expect(team.localUrls.platform).toBe('http://10.0.0.5:7701');
  });

  it('reaches parts that listen on every interface at 127.0.0.1', () => {
    for (const bind of ['0.0.0.0', '::']) {
      const { urls, localUrls } = sandboxAddresses({
        SANDBOX_HOST: 'sandbox.team.lan',
        SANDBOX_BIND_HOST: bind,
        PLATFORM_PORT: '9001',
      });
      expect(urls.platform).toBe('http://sandbox.team.lan:9001');
      expect(localUrls.platform).toBe('http://127.0.0.1:9001');
    }
  });

  it('puts an IPv6 address in brackets', () => {
    const { urls, localUrls } = sandboxAddresses({ SANDBOX_HOST: '::1' });
    expect(urls.merchant).toBe('http://[::1]:7702');
    expect(localUrls.merchant).toBe('http://[::1]:7702');
  });

  it('is 127.0.0.1 everywhere by default', () => {
    const { urls, localUrls, bindHost } = sandboxAddresses({});
    expect(bindHost).toBe('127.0.0.1');
    expect(localUrls).toEqual(urls);
  });
});
