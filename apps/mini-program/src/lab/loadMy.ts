import type { My } from '@mp-sandbox/jsapi';

export type LabForm = 'module' | 'script';

/** `?form=script` loads the script-tag build (dist/my.js, `window.my`); otherwise the ES module. */
export function labForm(): LabForm {
  return new URLSearchParams(window.location.search).get('form') === 'script' ? 'script' : 'module';
}

function loadScript(src: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = src;
    script.onload = () => resolve();
    script.onerror = () =>
      reject(new Error(`${src} did not load: run npm run build -w @mp-sandbox/jsapi`));
    document.head.append(script);
  });
}

/**
 * The `my` the lab exercises. Each form is loaded only when chosen: both read the launch
 * parameters from the URL, and the first to load takes them out of it.
 */
export async function loadMy(form: LabForm): Promise<My> {
  if (form === 'module') return (await import('@mp-sandbox/jsapi')).my;
  const { default: src } = await import('@mp-sandbox/jsapi/my.js?url');
  await loadScript(src);
  return (window as unknown as { my: My }).my;
}
