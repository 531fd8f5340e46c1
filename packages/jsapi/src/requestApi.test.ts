import { describe, expect, it, vi } from 'vitest';
import { createHostedWindow, flush } from './testing.js';

const answer = {
  data: { ok: true },
  status: 200,
  statusCode: 200,
  headers: { 'content-type': 'application/json' },
  header: { 'content-type': 'application/json' },
};

describe('my.request', () => {
  it('sends the documented fields and a task id, never the callbacks', () => {
    const host = createHostedWindow();
    void host.my().request({
      url: 'https://api.example/x',
      method: 'POST',
      data: { a: 1 },
      headers: { 'x-a': '1' },
      timeout: 5000,
      dataType: 'text',
      success: () => {},
    });
    expect(host.lastCall('request').params).toEqual({
      url: 'https://api.example/x',
      method: 'POST',
      data: { a: 1 },
      headers: { 'x-a': '1' },
      timeout: 5000,
      dataType: 'text',
      taskId: expect.any(String),
    });
  });

  it('calls onHeadersReceived, then success and complete, and resolves with the answer', async () => {
    const host = createHostedWindow();
    const order: string[] = [];
    const task = host.my().request({
      url: 'https://api.example/x',
      success: () => order.push('success'),
      complete: () => order.push('complete'),
    });
    task.onHeadersReceived(({ headers }) => order.push(`headers ${headers['content-type']}`));
    host.answer('request', answer);
    await expect(task).resolves.toEqual(answer);
    expect(order).toEqual(['headers application/json', 'success', 'complete']);
  });

  it("passes the shell's refusal of an unregistered domain to fail", async () => {
    const host = createHostedWindow();
    const fail = vi.fn();
    const task = host.my().request({ url: 'https://elsewhere.example/', fail });
    const error = {
      error: 4,
      errorMessage: 'No permission: https://elsewhere.example is not a registered request domain',
    };
    host.refuse('request', error);
    await expect(task).rejects.toEqual(error);
    expect(fail).toHaveBeenCalledWith(error);
  });

  it('abort() fails the request with error 20 at once and asks the shell to cancel it', async () => {
    const host = createHostedWindow();
    const my = host.my();
    const fail = vi.fn();
    const task = my.request({ url: 'https://api.example/slow', fail });
    const { taskId } = host.lastCall('request').params;
    const aborted = task.abort();
    await expect(task).rejects.toEqual({ error: 20, errorMessage: 'request aborted' });
    expect(fail).toHaveBeenCalledWith({ error: 20, errorMessage: 'request aborted' });
    expect(host.lastCall('abortRequest').params).toEqual({ taskId });
    await expect(aborted).resolves.toEqual({ success: true });
    host.answer('request', answer); // too late: nothing changes
    await flush();
    expect(fail).toHaveBeenCalledOnce();
  });

  it('offHeadersReceived removes one listener, or all of them', async () => {
    const host = createHostedWindow();
    const task = host.my().request({ url: 'https://api.example/x' });
    const one = vi.fn();
    const two = vi.fn();
    task.onHeadersReceived(one);
    task.onHeadersReceived(two);
    task.offHeadersReceived(one);
    host.answer('request', answer);
    await task;
    expect(one).not.toHaveBeenCalled();
    expect(two).toHaveBeenCalledOnce();
  });
});
