import { describe, expect, it } from 'vitest';
import { enforceFirstScreen, firstScreenWarning } from './firstScreenRule';

describe('the firstScreen rule in the wallet', () => {
  it('refuse: tells the holder, then fails the call with error 4 naming the rule', async () => {
    const notices: string[] = [];
    await expect(
      enforceFirstScreen(Promise.resolve('refuse'), (m) => notices.push(m)),
    ).rejects.toMatchObject({
      error: 4,
      errorMessage: expect.stringContaining('rule firstScreen is refuse') as string,
    });
    expect(notices).toEqual([expect.stringMatching(/^Refused: .*first screen/)]);
  });

  it('warn, off, or not a first-screen ask: the call goes on and nothing is said', async () => {
    const notices: string[] = [];
    for (const mode of [
      Promise.resolve('warn' as const),
      Promise.resolve('off' as const),
      undefined,
    ])
      await enforceFirstScreen(mode, (m) => notices.push(m));
    expect(notices).toEqual([]);
  });

  it("the timeline's words say what the mode did", () => {
    expect(firstScreenWarning('warn')).toMatch(
      /first screen.*\(let through: rule firstScreen is warn\)$/,
    );
    expect(firstScreenWarning('refuse')).toMatch(
      /\(refused with error 4: rule firstScreen is refuse\)$/,
    );
  });
});
