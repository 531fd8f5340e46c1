// Vet Visits: a mini program of "our own", written against the real my.* API only.
const status = document.getElementById('status');
let session;

async function call(path, body) {
  const response = await fetch(`${window.MERCHANT_URL}${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  const answer = await response.json();
  if (!response.ok) throw new Error(answer.error);
  return answer;
}

function show(error) {
  // error 11: the user said no (or closed the sheet).
  status.textContent =
    error && error.error === 11
      ? 'You said no'
      : `Sign-in failed: ${error.message || error.errorMessage || error.error}`;
}

async function signIn() {
  const { authCode, authSuccessScopes } = await my.getAuthCode({ scopes: ['auth_user'] });
  const user = await call('/api/login', { authCode, scopes: authSuccessScopes });
  session = user.session;
  return user;
}

document.getElementById('sign-in').addEventListener('click', () => {
  signIn().then((user) => (status.textContent = `Signed in as ${user.name}`), show);
});

// The platform never puts basic info and the phone number in one sheet: ask twice.
document.getElementById('sign-in-phone').addEventListener('click', async () => {
  try {
    const user = await signIn();
    const { authCode } = await my.getAuthCode({ scopes: ['PLAINTEXT_MOBILE_PHONE'] });
    await call('/api/phone', { authCode });
    status.textContent = `Signed in as ${user.name}, phone number shared`;
  } catch (error) {
    show(error);
  }
});

document.getElementById('profile').addEventListener('click', () => {
  call('/api/profile', { session }).then(
    (user) => (status.textContent = `Still signed in as ${user.name}`),
    show,
  );
});
