import { my } from '@mp-sandbox/jsapi';
import type { JsapiError } from '@mp-sandbox/protocol';

interface LoginAnswer {
  sessionId: string;
  displayName: string;
  user: { userId: string; nickName?: string };
}

const login = document.querySelector<HTMLButtonElement>('#login')!;
const refresh = document.querySelector<HTMLButtonElement>('#refresh')!;
/** The merchant's session handle; the tokens themselves never leave the merchant server. */
let sessionId: string | undefined;
const checkIn = document.querySelector<HTMLButtonElement>('#check-in')!;
const status = document.querySelector<HTMLDivElement>('#status')!;

function show(kind: 'info' | 'ok' | 'error', text: string): void {
  status.className = kind;
  status.textContent = text;
  status.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
}

function showJsapiFailure(error: JsapiError): void {
  const refused = Object.keys(error.authErrorScopes ?? {}).join(', ');
  show(
    'error',
    `Authorization failed (${error.error}): ${error.errorMessage}${refused ? ` — refused: ${refused}` : ''}`,
  );
}

/** Step 2 to 4: the merchant server exchanges the code and answers with who signed in. */
async function exchange(authCode: string): Promise<LoginAnswer | undefined> {
  show('info', 'Signing in…');
  try {
    const response = await fetch(`${__MERCHANT_URL__}/api/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ authCode }),
    });
    const body = (await response.json()) as LoginAnswer | { error: string; message: string };
    if ('error' in body) {
      show('error', `Sign-in failed: ${body.error} — ${body.message}`);
      return undefined;
    }
    return body;
  } catch (error) {
    show('error', `Sign-in failed: the merchant server did not answer (${String(error)})`);
    return undefined;
  }
}

// Authorization starts from the user's tap, never at launch: the platform forbids asking on the
// first screen before the user understands the mini program.
login.addEventListener('click', () => {
  login.disabled = true;
  show('info', 'Waiting for the wallet…');
  my.getAuthCode({
    scopes: ['auth_user'],
    success: async ({ authCode }) => {
      const answer = await exchange(authCode);
      login.disabled = false;
      if (!answer) return;
      show('ok', `Signed in as ${answer.displayName}`);
      sessionId = answer.sessionId;
      login.hidden = true;
      refresh.hidden = false;
      document.querySelector('#loyalty-text')!.textContent =
        'You have 3 of 10 stamps. Two more for a free pastry!';
    },
    failed: (error) => {
      showJsapiFailure(error);
      login.disabled = false;
    },
  });
});

// Later visits: the merchant answers with the tokens it keeps (refreshing them when they expire).
// When the authorization has ended, the mini program has to ask the user again.
refresh.addEventListener('click', async () => {
  refresh.disabled = true;
  try {
    const response = await fetch(`${__MERCHANT_URL__}/api/me`, {
      headers: { Authorization: `Bearer ${sessionId ?? ''}` },
    });
    const body = (await response.json()) as LoginAnswer | { error: string; message: string };
    if ('error' in body) {
      show('error', `Your session ended (${body.error}): log in with the wallet again`);
      sessionId = undefined;
      refresh.hidden = true;
      login.hidden = false;
      return;
    }
    show('ok', `Stamps up to date for ${body.displayName}`);
  } catch (error) {
    show('error', `The merchant server did not answer (${String(error)})`);
  } finally {
    refresh.disabled = false;
  }
});

// auth_base is silent: the wallet hands over a code without asking, enough to know who is here.
checkIn.addEventListener('click', async () => {
  checkIn.disabled = true;
  try {
    const { authCode } = await my.getAuthCode({ scopes: 'auth_base' });
    const answer = await exchange(authCode);
    if (answer) show('ok', `Checked in: stamp added for customer ${answer.user.userId}`);
  } catch (error) {
    showJsapiFailure(error as JsapiError);
  } finally {
    checkIn.disabled = false;
  }
});
