/**
 * The demo's HTML. Static markup only: app.js fills in data and runs the ceremonies, so the
 * Content-Security-Policy can forbid inline scripts.
 */

const esc = (text) =>
  String(text).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);

const BODIES = {
  signup: () => `
    <h1>Create your account</h1>
    <form id="signup-form" class="card" novalidate>
      <label for="username">Choose a username</label>
      <input id="username" name="username" autocomplete="username" autocapitalize="none" spellcheck="false"
             minlength="3" maxlength="40" required autofocus>
      <button type="submit" id="signup-continue">Continue</button>
    </form>

    <section id="signup-explain" class="card explain" hidden>
      <h2>Next: create a passkey for <span id="signup-name"></span></h2>
      <p>A <strong>passkey</strong> replaces your password. It is a key that lives on your phone,
         computer or security key, and it only works on this website, so it cannot be phished or leaked.</p>
      <ol>
        <li>When you press the button, your browser opens a window titled something like
            <em>“Create a passkey”</em> or <em>“Use your security key”</em>.</li>
        <li>Confirm it the way you unlock your device: fingerprint, face, PIN or screen lock,
            or touch your security key.</li>
        <li>That’s it. We only receive a public key; your fingerprint or face never leaves your device.</li>
      </ol>
      <p class="muted">Next time, you sign in by choosing this passkey: no password to remember.</p>
      <div class="row">
        <button type="button" id="signup-create" class="primary">Create my passkey</button>
        <button type="button" id="signup-back" class="link">Use a different username</button>
      </div>
    </section>
    <p class="muted">Already have an account? <a href="/signin">Sign in</a></p>`,

  signin: () => `
    <h1>Sign in</h1>
    <form id="signin-form" class="card" novalidate>
      <label for="username">Username <span class="muted">(optional with a passkey)</span></label>
      <input id="username" name="username" autocomplete="username webauthn" autocapitalize="none"
             spellcheck="false">
      <p class="muted small" id="autofill-hint" hidden>Tip: click the field above; your browser offers your saved passkeys.</p>
      <button type="submit" id="signin-button" class="primary">Sign in with a passkey</button>
    </form>
    <p class="muted">New here? <a href="/signup">Create an account</a></p>
    <p class="muted">Lost every device with your passkey? <a href="/recover" id="recover-link">Use a recovery code</a></p>`,

  recover: () => `
    <h1>Sign in with a recovery code</h1>
    <form id="recover-form" class="card" novalidate>
      <p>If you lost every device with a passkey for this site, use one of the recovery codes you saved
         when you set up your account. Each code works <strong>once</strong>.</p>
      <label for="username">Username</label>
      <input id="username" name="username" autocomplete="username" autocapitalize="none" spellcheck="false" required>
      <label for="code">Recovery code</label>
      <input id="code" name="code" autocomplete="one-time-code" autocapitalize="characters" spellcheck="false"
             placeholder="XXXX-XXXX-XXXX-XXXX" required>
      <button type="submit" id="recover-button" class="primary">Sign in</button>
    </form>
    <p class="muted">Found your device? <a href="/signin">Sign in with a passkey</a></p>`,

  recovery: () => `
    <h1>Recovery codes</h1>
    <p>Recovery codes get you back into your account if you lose every device with a passkey.
       Each code works once. Keep them somewhere safe and offline: printed, or in a password manager.</p>
    <p id="recovery-remaining" class="card"></p>
    <section id="recovery-new" class="card" hidden>
      <div class="banner danger" id="recovery-warning">
        <strong>Save these codes now.</strong> This is the only time we show them: we keep only a
        scrambled form that cannot be turned back into the codes. Anyone who has a code can get into your account.
      </div>
      <ol id="recovery-codes" class="codes"></ol>
      <div class="row">
        <button type="button" id="recovery-done" class="primary">I have saved my codes</button>
      </div>
    </section>
    <div class="row" id="recovery-actions">
      <button type="button" id="recovery-generate" class="primary">Create new recovery codes</button>
      <a href="/account" class="button-link">Back to your passkeys</a>
    </div>
    <p class="muted small">Creating new codes makes all earlier codes stop working.</p>`,

  account: () => `
    <h1>Your passkeys</h1>
    <div id="recovered" class="banner" hidden>
      <strong>You signed in with a recovery code.</strong> Add a passkey on the device you use now, so that
      you can sign in without a code next time. Then delete the passkeys of the devices you lost.
      <div class="row"><button type="button" id="recovered-add" class="primary">Add a passkey now</button></div>
    </div>
    <div id="warning" class="banner danger" hidden></div>
    <div id="nudge" class="banner" hidden>
      <strong>You have only one passkey.</strong> If you lose that device, you lose access to your account.
      Add a passkey on a second device (another phone, laptop or a security key).
    </div>
    <p>Signed in as <strong id="account-name"></strong>.</p>
    <ul id="passkeys" class="passkeys"></ul>
    <p id="recovery-status" class="muted"></p>
    <div class="row">
      <button type="button" id="add-passkey" class="primary">Add a passkey on another device</button>
      <a href="/recovery" class="button-link">Recovery codes</a>
      <a href="/audit" class="button-link">Security log</a>
      <button type="button" id="signout" class="link">Sign out</button>
    </div>`,

  audit: () => `
    <h1>Security log</h1>
    <p class="muted">Every sign-in, new passkey and change to your account, newest first.</p>
    <table class="audit">
      <thead><tr><th>When</th><th>What happened</th><th>Details</th></tr></thead>
      <tbody id="audit-rows"></tbody>
    </table>
    <p><a href="/account">Back to your passkeys</a></p>`,
};

/** Renders one page; `name` is signup, signin, recover, account, recovery or audit. */
export function renderPage(name, { title, signedIn }) {
  const nav = signedIn
    ? '<a href="/account">Passkeys</a><a href="/recovery">Recovery codes</a><a href="/audit">Security log</a>'
    : '<a href="/signin">Sign in</a><a href="/signup">Create account</a>';
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>${esc(title)}</title>
  <link rel="stylesheet" href="/static/style.css">
  <script type="module" src="/static/app.js"></script>
</head>
<body data-page="${esc(name)}">
  <header><a class="brand" href="/">${esc(title)}</a><nav>${nav}</nav></header>
  <main>
    <div id="message" class="banner" role="status" aria-live="polite" hidden></div>
    ${BODIES[name]()}
  </main>
  <footer class="muted small">Built on <code>@tessera/webauthn</code>’s relying-party layer. Demo data lives in a local SQLite file.</footer>
</body>
</html>`;
}
