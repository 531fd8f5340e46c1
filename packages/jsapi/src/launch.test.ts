import { describe, expect, it } from 'vitest';
import { LAUNCH_PARAM } from '@mp-sandbox/protocol';
import { LAUNCH_MEMORY_KEY, takeLaunchParams } from './launch.js';
import { createHostedWindow } from './testing.js';

describe('takeLaunchParams', () => {
  it("reads the parameters and takes them out of the URL, leaving the app's query and hash", () => {
    const host = createHostedWindow({ path: '/shop.html?table=7&lang=es#/menu?item=3' });
    expect(takeLaunchParams(host.window)).toEqual({ launch: host.launch });
    expect(host.replaced).toEqual(['/shop.html?table=7&lang=es#/menu?item=3']);
    expect(host.window.location.search).not.toContain(LAUNCH_PARAM);
  });

  it('leaves no "?" behind when the launch parameter was the only one', () => {
    const host = createHostedWindow({ path: '/' });
    takeLaunchParams(host.window);
    expect(host.replaced).toEqual(['/']);
  });

  it('remembers them for the tab, so a reload of the frame keeps working', () => {
    const host = createHostedWindow();
    const first = takeLaunchParams(host.window);
    expect(host.sessionStorage.getItem(LAUNCH_MEMORY_KEY)).toBeTruthy();
    expect(takeLaunchParams(host.window)).toEqual(first); // the URL no longer has them
  });

  it('reports broken parameters instead of guessing, and does not remember them', () => {
    const host = createHostedWindow({ launch: null, path: `/?${LAUNCH_PARAM}=bm90LWpzb24` });
    expect(takeLaunchParams(host.window)).toEqual({ problem: '__sandbox_launch is not JSON' });
    expect(host.sessionStorage.getItem(LAUNCH_MEMORY_KEY)).toBeNull();
  });

  it('finds nothing on a page opened without them', () => {
    const host = createHostedWindow({ launch: null });
    expect(takeLaunchParams(host.window)).toEqual({});
    expect(host.replaced).toEqual([]);
  });
});
