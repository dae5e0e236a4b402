/** English: the popup, the first run, the settings page, the badge and the notifications. */
import { pluralOf } from '../plural.ts';

const plural = pluralOf('en');

export const extension = {
  notSignedInTitle: 'Session Control: not signed in',
  onlyThisDeviceSignedIn: 'Only this device is signed in',
  otherDevicesSignedIn: (count: number) =>
    `${count} other ${plural(count, { one: 'device', other: 'devices' })} signed in`,
  newSignInOn: (device: string) => `New sign-in on ${device}`,
  newSignIns: (count: number) => `${count} new ${plural(count, { one: 'sign-in', other: 'sign-ins' })}`,
  openToReview: (what: string) => `${what} — open to review`,
  notificationTitle: 'New sign-in. Was this you?',
  /** Between the email and the server: "Signed in as ann@example.org on 127.0.0.1:3000". */
  onServer: 'on',
  serverLabel: 'Server:',
  openSecurityPage: 'Open the account security page',
  settings: 'Settings',
  whichServer: 'Which Session Control server?',
  needsPermission: (host: string) => `Session Control needs your permission to reach ${host}.`,
  nothingAnswers: (host: string) => `Nothing answers at ${host}. Is the server running, and is the address right?`,
  notSessionControl: (host: string) => `${host} answered, but not like a Session Control server. Check the address.`,
  setupNoAccess: (host: string) =>
    `Session Control needs your permission to reach ${host}. Check the address, then allow it.`,
  setupUnreachable: (host: string) => `Nothing answered at ${host}. Enter the address you open your account page on.`,
  serverAddress: 'Server address',
  serverExample: 'For example http://127.0.0.1:3000 or https://sessions.example.org.',
  check: 'Check',
  settingsTitle: 'Session Control settings',
  checkingServer: (origin: string) => `Checking ${origin}…`,
  savedAndUp: (origin: string) => `Saved. ${origin} is a Session Control server and it is up.`,
  savedUnreachable: (origin: string) =>
    `Saved, but ${origin} cannot be reached. Check that the server is running and that the address is right.`,
  savedNotSessionControl: (origin: string, status: number) =>
    `Saved, but ${origin} did not answer like a Session Control server (status ${status}). Check the address.`,
  askingAccess: (origin: string) => `Asking for access to ${origin}…`,
  notSavedPermission: (origin: string) => `Not saved: Session Control needs your permission to reach ${origin}.`,
  optionsHint: (example: string) =>
    `The address you open the account security page on, for example ${example} or https://sessions.example.org.`,
  nowUsing: (origin: string) => ` Now: ${origin}.`,
  saveAndTest: 'Save and test',
  useDefault: (origin: string) => `Use the default (${origin})`,
  originEmpty: 'Enter the address of your Session Control server, for example http://127.0.0.1:3000.',
  originSpaces: 'A server address has no spaces or backslashes.',
  originNoScheme: 'Start the address with http:// or https://, for example https://sessions.example.org.',
  originScheme: 'Only http:// and https:// server addresses are supported.',
  originCredentials: 'Leave out any user name or password; you sign in from the popup.',
  originQuery: 'Enter only the server address, without ? or # and what follows.',
  originInvalid: 'That is not a valid web address.',
  originNoHost: 'The address needs a host name, for example 127.0.0.1 or sessions.example.org.',
  originPath: 'Enter only the server address, without a path (remove everything after the host and port).',
  elementSignedOut: 'You are signed out on this device.',
  elementUnreachable: 'Could not reach your account right now. Check your connection and try again.',
};
