/** Deutsch: Fehler in Worten, das Verbindungsbanner und warum eine Sitzung endete. */
import type { messages as english } from '../en/messages.ts';

export const messages: typeof english = {
  sessionEnded: 'Ihre Sitzung ist beendet. Melden Sie sich erneut an.',
  tooManyAttempts: 'Zu viele Versuche. Warten Sie eine Weile und versuchen Sie es dann erneut.',
  tooManyAttemptsWait: (wait) => `Zu viele Versuche. Versuchen Sie es in ${wait} erneut.`,
  wrongCredentials: 'Diese E-Mail-Adresse und dieses Passwort passen zu keinem Konto.',
  wrongCurrentPassword: 'Ihr aktuelles Passwort stimmt nicht.',
  wrongPassword: 'Dieses Passwort stimmt nicht.',
  emailTaken: 'Ein Konto mit dieser E-Mail-Adresse gibt es schon. Melden Sie sich stattdessen an.',
  checkInput: 'Prüfen Sie Ihre Eingabe und versuchen Sie es erneut.',
  offline: 'Sie sind offline. Versuchen Sie es erneut, sobald Sie wieder online sind.',
  unreachable: 'Session Control ist gerade nicht erreichbar. Versuchen Sie es gleich noch einmal.',
  busy: 'Session Control ist ausgelastet oder startet gerade. Versuchen Sie es gleich noch einmal.',
  busyWait: (wait) => `Session Control ist ausgelastet oder startet gerade. Versuchen Sie es in ${wait} erneut.`,
  alreadySignedOutDevice: 'Dieses Gerät ist bereits abgemeldet.',
  confirmPassword: 'Bestätigen Sie dafür Ihr Passwort.',
  forbiddenOrigin: 'Diese Seite darf Ihre Sitzungen nicht ändern. Öffnen Sie die Kontoseite direkt.',
  tooLong: 'Ihre Eingabe ist zu lang.',
  devicesNotLoaded: 'Ihre Geräte konnten nicht geladen werden. Versuchen Sie es erneut.',
  historyNotLoaded: 'Die kürzlich abgemeldeten Geräte konnten nicht geladen werden. Versuchen Sie es erneut.',
  somethingWentWrong: 'Bei uns ist etwas schiefgegangen. Versuchen Sie es erneut.',
  bannerOffline: 'Sie sind offline. Session Control versucht es erneut, sobald Sie wieder online sind.',
  bannerUnreachable:
    'Session Control ist nicht erreichbar – neuer Versuch läuft. Was Sie hier tun, wird erst gesendet, ' +
    'wenn der Server antwortet.',
  endReasons: {
    signed_out: 'Auf dem Gerät selbst abgemeldet',
    password_changed: 'Beendet, als das Passwort geändert wurde',
    expired: 'Abgelaufen',
    theft_detected: 'Beendet: Jemand hat ein altes Anmelde-Token erneut verwendet',
    ended_by_operator: 'Von der Administration abgemeldet',
    user_disabled: 'Beendet, als das Konto deaktiviert wurde',
    session_limit: 'Beendet, um Platz zu schaffen: Zu viele Geräte waren angemeldet',
  },
  signedOutFrom: (device) => `Von ${device} aus abgemeldet`,
  signedOutFromAnother: 'Von einem anderen Gerät abgemeldet',
  signedOutInAnotherTab: 'Sie haben sich in einem anderen Tab oder Fenster abgemeldet. Melden Sie sich erneut an.',
  endedSignInAgain: (why) => `${why}. Melden Sie sich erneut an.`,
};
