/**
 * The German sentence for each English `message` the server sends in an error body, keyed by the
 * English one. Messages are for people; `code` stays the same in every language.
 */
import { DEVICE_LABEL_MAX_LENGTH } from '../../shared/device-label.ts';
import { EMAIL_MAX_LENGTH, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '../../shared/schemas.ts';

// The schemas' sentences that hold a limit, as the schemas write them.
const EMAIL_TOO_LONG = `An email address is at most ${EMAIL_MAX_LENGTH} characters.`;
const PASSWORD_TOO_SHORT = `A password has at least ${PASSWORD_MIN_LENGTH} characters.`;
const PASSWORD_TOO_LONG = `A password has at most ${PASSWORD_MAX_LENGTH} characters.`;
const NAME_TOO_LONG = `A device name is at most ${DEVICE_LABEL_MAX_LENGTH} characters.`;

export const GERMAN_MESSAGES: Readonly<Record<string, string>> = {
  // failure-to-error.ts: the core's failures.
  'Sign in to continue.': 'Melden Sie sich an, um fortzufahren.',
  'This session has ended. Sign in again.': 'Diese Sitzung ist beendet. Melden Sie sich erneut an.',
  'The access token has expired; refresh the session.': 'Das Zugriffstoken ist abgelaufen; erneuern Sie die Sitzung.',
  'There was no session to sign out of.': 'Es gab keine Sitzung, von der Sie sich abmelden konnten.',
  'There is no such session among yours.': 'Unter Ihren Sitzungen gibt es keine solche.',
  'For your security, enter your password again to sign out other devices.':
    'Geben Sie zu Ihrer Sicherheit Ihr Passwort erneut ein, um andere Geräte abzumelden.',
  'The email or password is not right.': 'E-Mail-Adresse oder Passwort stimmen nicht.',
  'An account with this email already exists.': 'Ein Konto mit dieser E-Mail-Adresse gibt es schon.',
  'There is no such tenant.': 'Diesen Mandanten gibt es nicht.',
  'This reset link has expired or was already used. Ask your administrator for a new one.':
    'Dieser Link zum Zurücksetzen ist abgelaufen oder wurde schon verwendet. Bitten Sie Ihre Administration ' +
    'um einen neuen.',
  'The before cursor is not one that a page of the history gave out.':
    'Der Cursor „before“ stammt von keiner Seite des Verlaufs.',
  'This server has as many live connections as it can take. Try again soon.':
    'Dieser Server hat so viele offene Verbindungen, wie er halten kann. Versuchen Sie es bald erneut.',
  'This refresh token was already used, so the session has been ended to protect the account. Sign in again.':
    'Dieses Erneuerungstoken wurde schon verwendet, deshalb wurde die Sitzung zum Schutz des Kontos beendet. ' +
    'Melden Sie sich erneut an.',
  'Too many attempts. Try again in a minute.': 'Zu viele Versuche. Versuchen Sie es in einer Minute erneut.',
  // error-handler.ts, json-body.ts, client-errors.ts, credentials.ts, origin-check.ts, main.ts.
  'The request body is larger than 16 KiB.': 'Der Inhalt der Anfrage ist größer als 16 KiB.',
  'The body is not valid JSON.': 'Der Inhalt ist kein gültiges JSON.',
  'The body encoding is not supported; send UTF-8 JSON.':
    'Diese Kodierung wird nicht unterstützt; senden Sie JSON in UTF-8.',
  'The body charset is not supported; send UTF-8 JSON.':
    'Dieser Zeichensatz wird nicht unterstützt; senden Sie JSON in UTF-8.',
  'The request body was cut short.': 'Der Inhalt der Anfrage wurde abgeschnitten.',
  'The request body length does not match Content-Length.': 'Die Länge des Inhalts passt nicht zu Content-Length.',
  'The session store cannot be reached right now. Try again shortly.':
    'Der Sitzungsspeicher ist gerade nicht erreichbar. Versuchen Sie es gleich erneut.',
  'Send the body as application/json (UTF-8).': 'Senden Sie den Inhalt als application/json (UTF-8).',
  'There is nothing here.': 'Hier ist nichts.',
  'There is nothing at this address.': 'Unter dieser Adresse ist nichts.',
  'The request is malformed.': 'Die Anfrage ist fehlerhaft.',
  'The request headers are too large.': 'Die Header der Anfrage sind zu groß.',
  'The request is not valid.': 'Die Anfrage ist ungültig.',
  'This request needs a JSON body.': 'Diese Anfrage braucht einen JSON-Inhalt.',
  'Something went wrong on our side. Try again.': 'Bei uns ist etwas schiefgegangen. Versuchen Sie es erneut.',
  'The Authorization header must be "Bearer <token>".': 'Der Authorization-Header muss „Bearer <token>“ lauten.',
  'This request did not come from an allowed origin, so nothing was changed.':
    'Diese Anfrage kam nicht von einem erlaubten Ursprung, deshalb wurde nichts geändert.',
  'Session Control is starting. Try again in a moment.':
    'Session Control startet gerade. Versuchen Sie es gleich noch einmal.',
  // The schemas' sentences, after "field: " (shared/schemas.ts, shared/device-label.ts).
  'That is not an email address.': 'Das ist keine E-Mail-Adresse.',
  'Enter your password.': 'Geben Sie Ihr Passwort ein.',
  'Enter your current password.': 'Geben Sie Ihr aktuelles Passwort ein.',
  [EMAIL_TOO_LONG]: `Eine E-Mail-Adresse hat höchstens ${EMAIL_MAX_LENGTH} Zeichen.`,
  [PASSWORD_TOO_SHORT]: `Ein Passwort hat mindestens ${PASSWORD_MIN_LENGTH} Zeichen.`,
  [PASSWORD_TOO_LONG]: `Ein Passwort hat höchstens ${PASSWORD_MAX_LENGTH} Zeichen.`,
  [NAME_TOO_LONG]: `Ein Gerätename hat höchstens ${DEVICE_LABEL_MAX_LENGTH} Zeichen.`,
  'A device name cannot be empty; send null to remove it.':
    'Ein Gerätename darf nicht leer sein; senden Sie null, um ihn zu entfernen.',
  'A device name cannot contain control, formatting or invisible characters.':
    'Ein Gerätename darf keine Steuer-, Formatierungs- oder unsichtbaren Zeichen enthalten.',
  'A tenant id is 1 to 64 lowercase letters, digits or dashes.':
    'Eine Mandanten-ID besteht aus 1 bis 64 Kleinbuchstaben, Ziffern oder Bindestrichen.',
  'A session id is 24 base64url characters.': 'Eine Sitzungs-ID besteht aus 24 base64url-Zeichen.',
  'limit is a whole number from 1 to 100.': 'limit ist eine ganze Zahl von 1 bis 100.',
  'before is a cursor from an earlier page.': 'before ist ein Cursor von einer früheren Seite.',
  'unknown field': 'unbekanntes Feld',
  'unknown fields': 'unbekannte Felder',
};
