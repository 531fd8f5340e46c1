import { Bridge } from './bridge.js';
import { takeLaunchParams } from './launch.js';
import { createMy, type My } from './my.js';

/**
 * The `my` of this page: reads the launch parameters (taking them out of the URL at once, before
 * the app's own code runs) and connects to the shell that framed the page, or refuses loudly.
 */
export function connect(self: Window): My {
  const { launch, problem } = takeLaunchParams(self);
  return createMy({ bridge: new Bridge({ self, launch, launchProblem: problem }), launch, self });
}
