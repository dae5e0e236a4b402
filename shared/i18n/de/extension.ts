/** Deutsch: das Pop-up, die Ersteinrichtung, die Einstellungen, das Abzeichen und die Benachrichtigungen. */
import type { extension as english } from '../en/extension.ts';
import { pluralOf } from '../plural.ts';

const plural = pluralOf('de');

export const extension: typeof english = {
  notSignedInTitle: 'Session Control: nicht angemeldet',
  onlyThisDeviceSignedIn: 'Nur dieses Gerät ist angemeldet',
  otherDevicesSignedIn: (count) =>
    `${count} ${plural(count, { one: 'anderes Gerät', other: 'andere Geräte' })} angemeldet`,
  newSignInOn: (device) => `Neue Anmeldung auf ${device}`,
  newSignIns: (count) => `${count} ${plural(count, { one: 'neue Anmeldung', other: 'neue Anmeldungen' })}`,
  openToReview: (what) => `${what} – zum Prüfen öffnen`,
  notificationTitle: 'Neue Anmeldung. Waren Sie das?',
  onServer: 'auf',
  serverLabel: 'Server:',
  openSecurityPage: 'Seite „Kontosicherheit“ öffnen',
  settings: 'Einstellungen',
  whichServer: 'Welcher Session-Control-Server?',
  needsPermission: (host) => `Session Control braucht Ihre Erlaubnis, um ${host} zu erreichen.`,
  nothingAnswers: (host) => `Unter ${host} antwortet nichts. Läuft der Server, und stimmt die Adresse?`,
  notSessionControl: (host) =>
    `${host} hat geantwortet, aber nicht wie ein Session-Control-Server. Prüfen Sie die Adresse.`,
  setupNoAccess: (host) =>
    `Session Control braucht Ihre Erlaubnis, um ${host} zu erreichen. Prüfen Sie die Adresse und erlauben Sie es dann.`,
  setupUnreachable: (host) =>
    `Unter ${host} hat nichts geantwortet. Geben Sie die Adresse ein, unter der Sie Ihre Kontoseite öffnen.`,
  serverAddress: 'Serveradresse',
  serverExample: 'Zum Beispiel http://127.0.0.1:3000 oder https://sessions.example.org.',
  check: 'Prüfen',
  settingsTitle: 'Einstellungen von Session Control',
  checkingServer: (origin) => `${origin} wird geprüft…`,
  savedAndUp: (origin) => `Gespeichert. ${origin} ist ein Session-Control-Server und läuft.`,
  savedUnreachable: (origin) =>
    `Gespeichert, aber ${origin} ist nicht erreichbar. Prüfen Sie, ob der Server läuft und die Adresse stimmt.`,
  savedNotSessionControl: (origin, status) =>
    `Gespeichert, aber ${origin} hat nicht wie ein Session-Control-Server geantwortet (Status ${status}). ` +
    'Prüfen Sie die Adresse.',
  askingAccess: (origin) => `Zugriff auf ${origin} wird angefragt…`,
  notSavedPermission: (origin) =>
    `Nicht gespeichert: Session Control braucht Ihre Erlaubnis, um ${origin} zu erreichen.`,
  optionsHint: (example) =>
    `Die Adresse, unter der Sie die Seite „Kontosicherheit“ öffnen, zum Beispiel ${example} oder ` +
    'https://sessions.example.org.',
  nowUsing: (origin) => ` Aktuell: ${origin}.`,
  saveAndTest: 'Speichern und testen',
  useDefault: (origin) => `Standard verwenden (${origin})`,
  originEmpty: 'Geben Sie die Adresse Ihres Session-Control-Servers ein, zum Beispiel http://127.0.0.1:3000.',
  originSpaces: 'Eine Serveradresse enthält keine Leerzeichen oder umgekehrten Schrägstriche.',
  originNoScheme: 'Beginnen Sie die Adresse mit http:// oder https://, zum Beispiel https://sessions.example.org.',
  originScheme: 'Nur Serveradressen mit http:// und https:// werden unterstützt.',
  originCredentials: 'Lassen Sie Benutzername und Passwort weg; Sie melden sich im Pop-up an.',
  originQuery: 'Geben Sie nur die Serveradresse ein, ohne ? oder # und was danach folgt.',
  originInvalid: 'Das ist keine gültige Webadresse.',
  originNoHost: 'Die Adresse braucht einen Hostnamen, zum Beispiel 127.0.0.1 oder sessions.example.org.',
  originPath: 'Geben Sie nur die Serveradresse ohne Pfad ein (entfernen Sie alles nach Host und Port).',
  elementSignedOut: 'Sie sind auf diesem Gerät abgemeldet.',
  elementUnreachable: 'Ihr Konto ist gerade nicht erreichbar. Prüfen Sie Ihre Verbindung und versuchen Sie es erneut.',
};
