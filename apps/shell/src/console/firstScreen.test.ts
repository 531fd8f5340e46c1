import { describe, expect, it } from 'vitest';
import { FIRST_SCREEN_WINDOW_MS, isFirstScreenAsk, type AskSighting } from './firstScreen';

const atLoad: AskSighting = {
  method: 'getAuthCode',
  priorCalls: 0,
  loadedAt: 1000,
  now: 1200,
  frameHasFocus: false,
};

describe('isFirstScreenAsk', () => {
  it('flags a getAuthCode that is the first call, soon after the frame loaded', () => {
    expect(isFirstScreenAsk(atLoad)).toBe(true);
    expect(isFirstScreenAsk({ ...atLoad, now: 1000 + FIRST_SCREEN_WINDOW_MS })).toBe(true);
  });

  it('flags a getAuthCode made while the frame is still loading', () => {
    expect(isFirstScreenAsk({ ...atLoad, loadedAt: undefined })).toBe(true);
  });

  it('does not flag an ask that comes later than the window', () => {
    expect(isFirstScreenAsk({ ...atLoad, now: 1001 + FIRST_SCREEN_WINDOW_MS })).toBe(false);
  });

  it('does not flag an ask after another bridge call', () => {
    expect(isFirstScreenAsk({ ...atLoad, priorCalls: 1 })).toBe(false);
  });

  it('does not flag an ask from a frame the user clicked or typed in', () => {
    expect(isFirstScreenAsk({ ...atLoad, frameHasFocus: true })).toBe(false);
  });

  it('is about getAuthCode only', () => {
    expect(isFirstScreenAsk({ ...atLoad, method: 'showToast' })).toBe(false);
  });
});
