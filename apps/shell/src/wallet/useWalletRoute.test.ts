import { describe, expect, it } from 'vitest';
import { routeFromUrl, urlForRoute } from './useWalletRoute';

const BASE = 'http://127.0.0.1:7700/?persona=ana';

describe('the wallet route in the URL', () => {
  it('reads and writes an app and its page, keeping the other parameters', () => {
    const url = urlForRoute(BASE, {
      screen: 'app',
      appId: '3333010071465913',
      page: '/scopes.html?x=1',
    });
    expect(url).toBe(
      'http://127.0.0.1:7700/?persona=ana&app=3333010071465913&page=%2Fscopes.html%3Fx%3D1',
    );
    expect(routeFromUrl(url)).toEqual({
      screen: 'app',
      appId: '3333010071465913',
      page: '/scopes.html?x=1',
    });
  });

  it('goes home by dropping the screen parameters only', () => {
    const url = urlForRoute(`${BASE}&app=1&page=%2Fa`, { screen: 'home' });
    expect(url).toBe(BASE);
    expect(routeFromUrl(url)).toEqual({ screen: 'home' });
  });

  it('names the authorizations screen', () => {
    expect(routeFromUrl(urlForRoute(BASE, { screen: 'authorizations' }))).toEqual({
      screen: 'authorizations',
    });
  });
});
