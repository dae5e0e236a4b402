/** English: signing in, passwords, the reset page, the password prompt and the page titles. */
import { pluralOf } from '../plural.ts';

const plural = pluralOf('en');

export const account = {
  appName: 'Session Control',
  signIn: 'Sign in',
  createYourAccount: 'Create your account',
  email: 'Email',
  password: 'Password',
  enterEmail: 'Enter your email.',
  enterPassword: 'Enter your password.',
  choosePassword: (min: number) => `Choose a password of at least ${min} characters.`,
  atLeastCharacters: (min: number) => `At least ${min} characters.`,
  creatingAccount: 'Creating account…',
  signingIn: 'Signing in…',
  createAccount: 'Create account',
  newHere: 'New here?',
  alreadyHaveAccount: 'Already have an account?',
  signInInstead: 'Sign in instead',
  createAnAccount: 'Create an account',
  createAccountOn: (server: string) => `Create an account on ${server}`,
  forgotPassword: 'Forgot password?',
  /** Around the command `sessionctl reset-password`. */
  forgotPasswordHelp: [
    'Ask the administrator of this server for a reset link. They create one with',
    'and your email; it works once, for 30 minutes, and signs you out everywhere.',
  ] as [before: string, after: string],
  changePassword: 'Change password',
  changingPassword: 'Changing password…',
  currentPassword: 'Current password',
  newPassword: 'New password',
  enterCurrentPassword: 'Enter your current password.',
  chooseNewPassword: (min: number) => `Choose a new password of at least ${min} characters.`,
  alsoSignOutOthers: 'Also sign out my other devices',
  passwordChanged: 'Password changed.',
  passwordChangedOthersOut: (count: number) =>
    `Password changed; ${count} other ${plural(count, { one: 'device', other: 'devices' })} signed out.`,
  chooseANewPassword: 'Choose a new password',
  resetDone: (revoked: number) => {
    const devices = `${revoked} ${plural(revoked, { one: 'device was', other: 'devices were' })}`;
    const changed = revoked > 0 ? `Your password was changed and ${devices} signed out` : 'Your password was changed';
    return `${changed}. Sign in with your new password.`;
  },
  /** Around the command `sessionctl reset-password`. */
  resetNeedsLink: [
    'This page needs the reset link your administrator sent you. Ask them to create one with',
    'and your email.',
  ] as [before: string, after: string],
  resetHint: (min: number) => `At least ${min} characters. Every device will be signed out.`,
  settingNewPassword: 'Setting the new password…',
  setNewPassword: 'Set new password',
  confirmItsYou: 'Confirm it’s you',
  /** `purpose` is one of the `purpose…` phrases. */
  reauthMessage: (purpose: string) => `Enter your password to ${purpose}.`,
  purposeSignOut: (device: string) => `sign out ${device}`,
  purposeSignOutOthers: 'sign out of your other devices',
  cancel: 'Cancel',
  confirm: 'Confirm',
  checking: 'Checking…',
  loading: 'Loading…',
  retry: 'Retry',
  retryNow: 'Retry now',
  accountSecurity: 'Account security',
  signedInAs: 'Signed in as',
  signedOutMessage: 'You have signed out.',
  pageTitles: {
    home: 'Session Control',
    signIn: 'Sign in · Session Control',
    signUp: 'Create your account · Session Control',
    security: 'Account security · Session Control',
    resetPassword: 'Choose a new password · Session Control',
  },
};
