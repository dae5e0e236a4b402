// An Express site with its own users and sign-in page. Session Control keeps their sessions:
// createNewSession after our own password check, verifySession() on our pages, its routes at /sc.
import { fileURLToPath } from 'node:url';
import express from 'express';
import { createSessionControl } from 'session-control';
import { checkPassword, passwordMatches, userById } from './users.js';
import { settingsPage, signInPage } from './pages.js';

const port = Number(process.env.PORT ?? 4000);
const origin = process.env.PUBLIC_ORIGIN ?? `http://127.0.0.1:${port}`;

const sessions = await createSessionControl({
  env: { DATABASE_URL: process.env.DATABASE_URL ?? 'sqlite:host-app.db', PUBLIC_ORIGIN: origin, DASHBOARD_DIR: '' },
  basePath: '/sc',
  hooks: {
    onSessionCreated: ({ userId, sessionId }) => console.log(JSON.stringify({ event: 'signed-in', userId, sessionId })),
    onSessionEnded: ({ userId, reason }) => console.log(JSON.stringify({ event: 'signed-out', userId, reason })),
    accessTokenClaims: ({ userId }) => ({ name: userById(userId)?.name ?? null }),
    // Ending other devices asks for the password again after 5 minutes: the host checks its own.
    verifyPassword: ({ userId }, password) => passwordMatches(userId, password),
  },
});

const app = express();
app.use('/sc', sessions.router());
app.get('/assets/session-control-devices.js', (_req, res) => {
  res.sendFile(fileURLToPath(import.meta.resolve('session-control/element.js')));
});

app.get('/', (_req, res) => res.send(signInPage()));
app.post('/signin', express.urlencoded({ extended: false }), async (req, res) => {
  const user = checkPassword(req.body?.username, req.body?.password);
  if (user === null) return res.status(401).send(signInPage('That username and password do not match.'));
  await sessions.createNewSession(req, res, user.id);
  res.redirect(303, '/settings');
});

app.get('/settings', sessions.verifySession(), (req, res) => {
  const user = userById(req.session.getUserId());
  res.send(settingsPage(user ?? { name: req.session.getAccessTokenPayload().name }));
});

// Our pages answer a missing or ended session with the sign-in page, with the status the error carries.
app.use((error, _req, res, next) => {
  if (error?.status !== 401) return next(error);
  res.status(401).send(signInPage('Your session has ended. Sign in again.'));
});

app.listen(port, '127.0.0.1', () => console.log(JSON.stringify({ event: 'listening', url: origin })));
