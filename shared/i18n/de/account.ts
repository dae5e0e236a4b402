/** Deutsch: Anmelden, Passwörter, die Seite zum Zurücksetzen, die Passwortabfrage und die Seitentitel. */
import type { account as english } from '../en/account.ts';
import { pluralOf } from '../plural.ts';

const plural = pluralOf('de');

export const account: typeof english = {
  appName: 'Session Control',
  signIn: 'Anmelden',
  createYourAccount: 'Konto erstellen',
  email: 'E-Mail',
  password: 'Passwort',
  enterEmail: 'Geben Sie Ihre E-Mail-Adresse ein.',
  enterPassword: 'Geben Sie Ihr Passwort ein.',
  choosePassword: (min) => `Wählen Sie ein Passwort mit mindestens ${min} Zeichen.`,
  atLeastCharacters: (min) => `Mindestens ${min} Zeichen.`,
  creatingAccount: 'Konto wird erstellt…',
  signingIn: 'Anmeldung läuft…',
  createAccount: 'Konto erstellen',
  newHere: 'Neu hier?',
  alreadyHaveAccount: 'Sie haben schon ein Konto?',
  signInInstead: 'Stattdessen anmelden',
  createAnAccount: 'Ein Konto erstellen',
  createAccountOn: (server) => `Ein Konto auf ${server} erstellen`,
  forgotPassword: 'Passwort vergessen?',
  forgotPasswordHelp: [
    'Bitten Sie die Person, die diesen Server verwaltet, um einen Link zum Zurücksetzen. Sie erstellt ihn mit',
    'und Ihrer E-Mail-Adresse; er funktioniert einmal, 30 Minuten lang, und meldet Sie überall ab.',
  ],
  changePassword: 'Passwort ändern',
  changingPassword: 'Passwort wird geändert…',
  currentPassword: 'Aktuelles Passwort',
  newPassword: 'Neues Passwort',
  enterCurrentPassword: 'Geben Sie Ihr aktuelles Passwort ein.',
  chooseNewPassword: (min) => `Wählen Sie ein neues Passwort mit mindestens ${min} Zeichen.`,
  alsoSignOutOthers: 'Auch meine anderen Geräte abmelden',
  passwordChanged: 'Passwort geändert.',
  passwordChangedOthersOut: (count) =>
    `Passwort geändert; ${count} ${plural(count, { one: 'anderes Gerät wurde', other: 'andere Geräte wurden' })} ` +
    'abgemeldet.',
  chooseANewPassword: 'Neues Passwort wählen',
  resetDone: (revoked) => {
    const devices = `${revoked} ${plural(revoked, { one: 'Gerät wurde', other: 'Geräte wurden' })} abgemeldet`;
    return revoked > 0
      ? `Ihr Passwort wurde geändert und ${devices}. Melden Sie sich mit Ihrem neuen Passwort an.`
      : 'Ihr Passwort wurde geändert. Melden Sie sich mit Ihrem neuen Passwort an.';
  },
  resetNeedsLink: [
    'Für diese Seite brauchen Sie den Link zum Zurücksetzen, den Ihnen Ihre Administration geschickt hat. ' +
      'Bitten Sie darum, ihn mit',
    'und Ihrer E-Mail-Adresse zu erstellen.',
  ],
  resetHint: (min) => `Mindestens ${min} Zeichen. Alle Geräte werden abgemeldet.`,
  settingNewPassword: 'Neues Passwort wird gespeichert…',
  setNewPassword: 'Neues Passwort speichern',
  confirmItsYou: 'Bestätigen Sie, dass Sie es sind',
  reauthMessage: (purpose) => `Geben Sie Ihr Passwort ein, um ${purpose}.`,
  purposeSignOut: (device) => `${device} abzumelden`,
  purposeSignOutOthers: 'Ihre anderen Geräte abzumelden',
  cancel: 'Abbrechen',
  confirm: 'Bestätigen',
  checking: 'Wird geprüft…',
  loading: 'Wird geladen…',
  retry: 'Erneut versuchen',
  retryNow: 'Jetzt erneut versuchen',
  accountSecurity: 'Kontosicherheit',
  signedInAs: 'Angemeldet als',
  signedOutMessage: 'Sie haben sich abgemeldet.',
  pageTitles: {
    home: 'Session Control',
    signIn: 'Anmelden · Session Control',
    signUp: 'Konto erstellen · Session Control',
    security: 'Kontosicherheit · Session Control',
    resetPassword: 'Neues Passwort wählen · Session Control',
  },
};
