import { describe, expect, it, vi } from 'vitest';
import { createHostedWindow } from './testing.js';

describe('the UI APIs', () => {
  it('my.alert sends only its data fields, and succeeds when the user has tapped the button', async () => {
    const host = createHostedWindow();
    const success = vi.fn();
    const complete = vi.fn();
    const promise = host.my().alert({
      title: 'Hi',
      content: 'Your order is ready',
      buttonText: 'Got it',
      confirmColor: '#1677ff',
      success,
      complete,
    });
    expect(host.lastCall('alert').params).toEqual({
      title: 'Hi',
      content: 'Your order is ready',
      buttonText: 'Got it',
      confirmColor: '#1677ff',
    });
    expect(success).not.toHaveBeenCalled();
    host.answer('alert', {});
    await expect(promise).resolves.toBeUndefined();
    expect(success).toHaveBeenCalledWith({});
    expect(complete).toHaveBeenCalledWith({});
  });

  it('my.confirm answers { confirm } both ways', async () => {
    const host = createHostedWindow();
    const my = host.my();
    const yes = my.confirm({
      title: 'Pay?',
      confirmButtonText: 'Pay',
      cancelButtonText: 'Not now',
    });
    expect(host.lastCall('confirm').params).toEqual({
      title: 'Pay?',
      confirmButtonText: 'Pay',
      cancelButtonText: 'Not now',
    });
    host.answer('confirm', { confirm: true });
    await expect(yes).resolves.toEqual({ confirm: true });
    const no = my.confirm({ content: 'Leave?' });
    host.answer('confirm', { confirm: false });
    await expect(no).resolves.toEqual({ confirm: false });
  });

  it('my.showToast passes every documented field, and drops what is not one', async () => {
    const host = createHostedWindow();
    const promise = host.my().showToast({
      content: 'Saved',
      type: 'success',
      duration: 1500,
      delay: 0,
      xOffset: 4,
      yOffset: 8,
      bogus: 1,
    } as never);
    expect(host.lastCall('showToast').params).toEqual({
      content: 'Saved',
      type: 'success',
      duration: 1500,
      delay: 0,
      xOffset: 4,
      yOffset: 8,
    });
    host.answer('showToast', {});
    await expect(promise).resolves.toBeUndefined();
  });

  it('my.showLoading and my.hideLoading (whose page stays behind) reach the shell', async () => {
    const host = createHostedWindow();
    const my = host.my();
    const shown = my.showLoading({ content: 'Loading…', delay: 200 });
    expect(host.lastCall('showLoading').params).toEqual({ content: 'Loading…', delay: 200 });
    host.answer('showLoading', {});
    await expect(shown).resolves.toBeUndefined();
    const hidden = my.hideLoading({ page: { route: 'pages/index' } });
    expect(host.lastCall('hideLoading').params).toEqual({});
    host.answer('hideLoading', {});
    await expect(hidden).resolves.toBeUndefined();
  });

  it('with no options at all, sends empty parameters', async () => {
    const host = createHostedWindow();
    void host
      .my()
      .alert()
      .catch(() => {});
    expect(host.lastCall('alert').params).toEqual({});
  });

  it('a failure reaches fail, failed and complete, and the Promise', async () => {
    const host = createHostedWindow();
    const fail = vi.fn();
    const complete = vi.fn();
    const promise = host.my().alert({ title: 42 as never, fail, complete });
    const error = { error: 2, errorMessage: 'Invalid parameter: title must be a string' };
    host.refuse('alert', error);
    await expect(promise).rejects.toEqual(error);
    expect(fail).toHaveBeenCalledWith(error);
    expect(complete).toHaveBeenCalledWith(error);
  });
});
