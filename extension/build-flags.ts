// Set by vite.extension.config.ts (`define`): 'cookie' for the Chrome build, 'header' for the
// Firefox build. Decided when building, never by sniffing the browser at run time.
declare const __SESSION_CONTROL_AUTH_MODE__: 'cookie' | 'header' | undefined;

/** How this build of the extension authenticates to the server. */
export const AUTH_MODE: 'cookie' | 'header' =
  typeof __SESSION_CONTROL_AUTH_MODE__ === 'undefined' ? 'cookie' : __SESSION_CONTROL_AUTH_MODE__;

declare const __SESSION_CONTROL_BROWSER__: 'chrome' | 'firefox' | undefined;

/** Which browser this build is for: Chrome's notifications have buttons, Firefox's do not. */
export const TARGET_BROWSER: 'chrome' | 'firefox' =
  typeof __SESSION_CONTROL_BROWSER__ === 'undefined' ? 'chrome' : __SESSION_CONTROL_BROWSER__;
