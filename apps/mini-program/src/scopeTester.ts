import { my } from '@mp-sandbox/jsapi';

const form = document.querySelector<HTMLFormElement>('#ask')!;
const input = document.querySelector<HTMLInputElement>('#scopes')!;
const answer = document.querySelector<HTMLPreElement>('#answer')!;

/** An empty field sends no scopes at all, to show the platform's default (auth_base). */
function scopesOf(text: string): string[] | undefined {
  const scopes = text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return scopes.length > 0 ? scopes : undefined;
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  answer.textContent = 'Waiting for the wallet…';
  const scopes = scopesOf(input.value);
  my.getAuthCode({
    ...(scopes && { scopes }),
    success: (result) => (answer.textContent = `success ${JSON.stringify(result, null, 2)}`),
    fail: (error) => (answer.textContent = `fail ${JSON.stringify(error, null, 2)}`),
  });
});
