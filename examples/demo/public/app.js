/**
 * The demo pages' behaviour, on top of the browser companion (`@tessera/webauthn/browser`,
 * served from the built package as /static/browser.js).
 */
import {
  BrowserWebAuthnError,
  browserSupportsConditionalUI,
  browserSupportsPasskeys,
  startAuthentication,
  startRegistration,
} from './browser.js';
import { messageFor } from './messages.js';

const $ = (selector) => document.querySelector(selector);

class ApiError extends Error {
  constructor(code, message) {
    super(message);
    this.code = code;
  }
}

async function api(path, body) {
  const res = await fetch(path, {
    method: body === undefined ? 'GET' : 'POST',
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await res.json().catch(() => ({ error: { code: 'ERR_DEMO_INTERNAL' } }));
  if (!res.ok || json.error) throw new ApiError(json.error?.code ?? 'ERR_DEMO_INTERNAL', json.error?.message);
  return json;
}

function show(text, kind = 'info', code = '') {
  const box = $('#message');
  box.textContent = text;
  box.className = `banner ${kind}`;
  box.dataset.code = code;
  box.hidden = false;
}

function showError(err) {
  const code = err instanceof BrowserWebAuthnError || err instanceof ApiError ? err.code : 'ERR_DEMO_INTERNAL';
  if (code === 'ERR_DEMO_INTERNAL') console.error(err);
  show(messageFor(code), 'error', code);
}

function busy(button, on) {
  if (button) button.disabled = on;
}

const formatDate = (iso) => (iso ? new Date(iso).toLocaleString() : 'never');

// ---------------------------------------------------------------- sign up

function signupPage() {
  const form = $('#signup-form');
  const explain = $('#signup-explain');
  let options;
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    busy(form.querySelector('button'), true);
    try {
      // Fetch the options before the prompt, so that the "Create my passkey" click itself
      // starts the ceremony (Safari wants the user gesture right there).
      options = await api('/api/signup/start', { username: $('#username').value });
      $('#signup-name').textContent = $('#username').value.trim();
      form.hidden = true;
      explain.hidden = false;
      $('#message').hidden = true;
      $('#signup-create').focus();
    } catch (err) {
      showError(err);
    } finally {
      busy(form.querySelector('button'), false);
    }
  });
  $('#signup-back').addEventListener('click', () => {
    explain.hidden = true;
    form.hidden = false;
    $('#username').focus();
  });
  $('#signup-create').addEventListener('click', async () => {
    const button = $('#signup-create');
    busy(button, true);
    show('Follow the instructions in your browser’s passkey window…');
    try {
      const response = await startRegistration(options);
      const result = await api('/api/signup/finish', { response });
      location.assign(result.redirect);
    } catch (err) {
      showError(err);
      // A used or stale challenge cannot be retried: fetch fresh options for the next click.
      options = await api('/api/signup/start', { username: $('#username').value }).catch(() => options);
    } finally {
      busy(button, false);
    }
  });
}

// ---------------------------------------------------------------- sign in

async function finishSignIn(response) {
  const result = await api('/api/signin/finish', { response });
  location.assign(result.redirect);
}

async function startAutofill() {
  if (!(await browserSupportsConditionalUI())) return;
  $('#autofill-hint').hidden = false;
  try {
    const options = await api('/api/signin/start', {});
    const response = await startAuthentication(options, { conditional: true });
    await finishSignIn(response);
  } catch (err) {
    // Aborted when the button starts a modal ceremony instead: not an error for the user.
    if (err?.code !== 'ERR_BROWSER_ABORTED') showError(err);
  }
}

function signinPage() {
  const form = $('#signin-form');
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const button = $('#signin-button');
    busy(button, true);
    try {
      const options = await api('/api/signin/start', { username: $('#username').value });
      const response = await startAuthentication(options);
      await finishSignIn(response);
    } catch (err) {
      showError(err);
    } finally {
      busy(button, false);
    }
  });
  startAutofill();
}

// ---------------------------------------------------------------- account

function recoveryText(remaining) {
  if (remaining === undefined || remaining === null) return '';
  if (remaining === 0)
    return 'You have no recovery codes. Create some, so that you can get back in if you lose every device.';
  return `${remaining} unused recovery code${remaining === 1 ? '' : 's'} left.`;
}

function renderAccount(account) {
  $('#account-name').textContent = account.username;
  $('#nudge').hidden = !account.needsBackupPasskey || account.recovered;
  $('#recovered').hidden = !account.recovered;
  $('#recovery-status').textContent = recoveryText(account.recoveryCodesRemaining);
  const warning = $('#warning');
  if (account.warning) {
    warning.textContent =
      `Security check: the passkey “${account.warning.name}” reported a signature counter lower than before. ` +
      'It may have been copied. Sign out and sign in with a different passkey, and delete this one if you do not recognise this.';
    warning.dataset.code = account.warning.code;
    warning.hidden = false;
  } else {
    warning.hidden = true;
  }
  const list = $('#passkeys');
  list.replaceChildren();
  for (const passkey of account.passkeys) {
    const item = document.createElement('li');
    item.dataset.id = passkey.id;
    const name = document.createElement('span');
    name.className = 'name';
    name.textContent = passkey.name;
    const meta = document.createElement('span');
    meta.className = 'meta muted small';
    meta.textContent =
      `${passkey.deviceType === 'multiDevice' ? 'Synced passkey' : 'On one device'}` +
      `${passkey.transports?.length ? ` · ${passkey.transports.join(', ')}` : ''}` +
      ` · added ${formatDate(passkey.createdAt)} · last used ${formatDate(passkey.lastUsedAt)}`;
    const rename = document.createElement('button');
    rename.type = 'button';
    rename.className = 'link rename';
    rename.textContent = 'Rename';
    rename.addEventListener('click', () => renamePasskey(passkey));
    const remove = document.createElement('button');
    remove.type = 'button';
    remove.className = 'link danger delete';
    remove.textContent = 'Delete';
    remove.addEventListener('click', () => deletePasskey(passkey));
    item.append(name, meta, rename, remove);
    list.append(item);
  }
}

async function renamePasskey(passkey) {
  const name = prompt('New name for this passkey', passkey.name);
  if (name === null) return;
  try {
    renderAccount(await api('/api/passkeys/rename', { id: passkey.id, name }));
    show('Passkey renamed.', 'success');
  } catch (err) {
    showError(err);
  }
}

async function deletePasskey(passkey) {
  if (!confirm(`Delete the passkey “${passkey.name}”? You will no longer be able to sign in with it.`)) return;
  try {
    renderAccount(await api('/api/passkeys/delete', { id: passkey.id }));
    show('Passkey deleted. Remember to remove it from the device as well.', 'success');
  } catch (err) {
    showError(err);
  }
}

async function accountPage() {
  try {
    renderAccount(await api('/api/account'));
  } catch (err) {
    showError(err);
  }
  const addPasskey = async (event) => {
    const button = event.currentTarget;
    const recovered = !$('#recovered').hidden;
    busy(button, true);
    try {
      const options = await api('/api/passkeys/add/start', {});
      show('Follow the instructions in your browser’s passkey window…');
      const response = await startRegistration(options);
      renderAccount(await api('/api/passkeys/add/finish', { response }));
      show(
        recovered
          ? 'New passkey added: next time, sign in with it. Delete the passkeys of the devices you lost.'
          : 'New passkey added. You can now sign in with either device.',
        'success',
      );
    } catch (err) {
      showError(err);
    } finally {
      busy(button, false);
    }
  };
  $('#add-passkey').addEventListener('click', addPasskey);
  $('#recovered-add').addEventListener('click', addPasskey);
  $('#signout').addEventListener('click', async () => {
    const result = await api('/api/signout', {});
    location.assign(result.redirect);
  });
}

// ---------------------------------------------------------------- recovery codes

async function recoveryPage() {
  let remaining;
  const render = () => {
    $('#recovery-remaining').textContent = recoveryText(remaining);
  };
  try {
    ({ recoveryCodesRemaining: remaining } = await api('/api/account'));
    render();
  } catch (err) {
    showError(err);
  }
  $('#recovery-generate').addEventListener('click', async () => {
    if (remaining > 0 && !confirm('Create new recovery codes? Your current codes will stop working.')) return;
    const button = $('#recovery-generate');
    busy(button, true);
    try {
      const { codes } = await api('/api/recovery/generate', {});
      const list = $('#recovery-codes');
      list.replaceChildren(...codes.map((code) => Object.assign(document.createElement('li'), { textContent: code })));
      remaining = codes.length;
      render();
      $('#recovery-new').hidden = false;
      $('#recovery-actions').hidden = true;
      $('#message').hidden = true;
    } catch (err) {
      showError(err);
    } finally {
      busy(button, false);
    }
  });
  $('#recovery-done').addEventListener('click', () => {
    $('#recovery-codes').replaceChildren();
    location.assign('/account');
  });
}

function recoverPage() {
  $('#recover-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const button = $('#recover-button');
    busy(button, true);
    try {
      const result = await api('/api/recovery/redeem', { username: $('#username').value, code: $('#code').value });
      location.assign(result.redirect);
    } catch (err) {
      showError(err);
    } finally {
      busy(button, false);
    }
  });
}

// ---------------------------------------------------------------- audit log

const EVENT_TEXT = {
  'registration.succeeded': 'Passkey added',
  'registration.failed': 'Passkey could not be added',
  'authentication.succeeded': 'Signed in',
  'authentication.failed': 'Sign-in refused',
  'counter.regressed': 'Possible copied passkey',
  'credential.deleted': 'Passkey deleted',
  'credential.renamed': 'Passkey renamed',
  'challenge.replayed': 'Replayed request refused',
  'recovery.generated': 'Recovery codes created',
  'recovery.redeemed': 'Recovery code used',
  'recovery.failed': 'Recovery code refused',
};

async function auditPage() {
  try {
    const { events } = await api('/api/audit');
    const rows = $('#audit-rows');
    for (const event of events) {
      const tr = document.createElement('tr');
      tr.dataset.type = event.type;
      const details = [];
      if (event.credentialName || event.credentialId)
        details.push(event.credentialName ?? `${event.credentialId.slice(0, 10)}…`);
      if (event.code) details.push(messageFor(event.code));
      if (event.type === 'counter.regressed') details.push(`counter ${event.storedCounter} → ${event.receivedCounter}`);
      if (event.counterStatus === 'regressed') details.push('flagged: counter went backwards');
      if (event.userVerified === false) details.push('without user verification');
      for (const text of [formatDate(event.at), EVENT_TEXT[event.type] ?? event.type, details.join(' · ')]) {
        const td = document.createElement('td');
        td.textContent = text;
        tr.append(td);
      }
      rows.append(tr);
    }
    if (events.length === 0) show('Nothing here yet.');
  } catch (err) {
    showError(err);
  }
}

// ----------------------------------------------------------------

const page = document.body.dataset.page;
if (!browserSupportsPasskeys() && (page === 'signup' || page === 'signin')) {
  show(
    'This browser does not support passkeys. Please use a current version of Chrome, Edge, Firefox or Safari.',
    'error',
  );
}
({
  signup: signupPage,
  signin: signinPage,
  recover: recoverPage,
  account: accountPage,
  recovery: recoveryPage,
  audit: auditPage,
})[page]?.();
