import { Bridge } from './bridge.js';
import { createMy, type My } from './my.js';

export { Bridge, type BridgeOptions } from './bridge.js';
export { createMy, type Callbacks, type GetAuthCodeOptions, type My } from './my.js';

let instance: My | undefined;

/** The `my` object of this page, connected to the shell that embeds it. */
export const my: My = new Proxy({} as My, {
  get(_target, key) {
    instance ??= createMy(new Bridge());
    return instance[key as keyof My];
  },
});
