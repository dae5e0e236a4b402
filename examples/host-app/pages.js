// The host's own pages, plain HTML. The settings page embeds <session-control-devices>.
const layout = (title, body) => `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>${title} · Example Host</title>
  <style>
    body { font-family: system-ui, sans-serif; max-width: 46rem; margin: 2rem auto; padding: 0 1rem; }
    session-control-devices { --sc-accent: #6b2fb3; --sc-radius: 4px; }
    session-control-devices::part(session) { border-color: #c9b3e6; }
  </style>
</head>
<body>${body}</body>
</html>`;

export const signInPage = (message = '') =>
  layout(
    'Sign in',
    `<h1>Sign in to Example Host</h1>
  ${message ? `<p role="alert">${message}</p>` : ''}
  <form method="post" action="/signin">
    <label>Username <input name="username" autocomplete="username" required></label>
    <label>Password <input name="password" type="password" autocomplete="current-password" required></label>
    <button type="submit">Sign in</button>
  </form>`,
  );

export const settingsPage = (user) =>
  layout(
    'Settings',
    `<h1>Settings for ${user.name}</h1>
  <button type="button" id="sign-out">Sign out</button>
  <h2>Where you are signed in</h2>
  <session-control-devices base-path="/sc" signed-out-text="You were signed out. Sign in again."></session-control-devices>
  <script type="module">
    import { createApiClient } from '/assets/session-control-devices.js';
    const client = createApiClient({ baseUrl: location.origin + '/sc' });
    document.getElementById('sign-out').addEventListener('click', async () => {
      await client.signOut();
      location.assign('/');
    });
    document.addEventListener('session-control:signed-out', () => location.assign('/'));
  </script>`,
  );
