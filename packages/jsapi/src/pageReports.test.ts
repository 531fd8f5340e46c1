import { describe, expect, it } from 'vitest';
import { createHostedWindow } from './testing.js';

describe('page reports', () => {
  it("tell the shell the page at load, without the launch parameter, then each move of the app's router", () => {
    const host = createHostedWindow({ path: '/lab.html?form=script#/start' });
    host.my();
    expect(host.pages).toEqual([
      { path: '/lab.html?form=script#/start', targetOrigin: 'http://127.0.0.1:7700' },
    ]);
    host.window.history.replaceState(null, '', '/lab.html?form=script#/orders');
    // Rewriting the same URL again is no news.
    host.window.history.replaceState(null, '', '/lab.html?form=script#/orders');
    expect(host.pages.map((p) => p.path)).toEqual([
      '/lab.html?form=script#/start',
      '/lab.html?form=script#/orders',
    ]);
    expect(host.posted).toHaveLength(0);
  });

  it('are not sent by a page the shell did not launch', () => {
    const host = createHostedWindow({ launch: null });
    host.my();
    expect(host.pages).toEqual([]);
  });
});
