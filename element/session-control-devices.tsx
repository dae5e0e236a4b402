/**
 * `<session-control-devices>`: the device list of the dashboard as a framework-free custom
 * element, for any page of a host application. Shadow DOM keeps its styles and the page's apart;
 * the page themes it with the `--sc-*` custom properties and `::part(...)`, and replaces its
 * sentences with attributes (`signed-out-text`…) or the `strings` property.
 *
 * ```html
 * <script type="module" src="/session-control-devices.js"></script>
 * <session-control-devices base-path="/sc"></session-control-devices>
 * ```
 *
 * It fires `session-control:signed-out` (detail: `{ reason }`) when this device has no session.
 * This module also exports the typed client, so a page can call `signOut()` without a bundler.
 */
import { render } from 'preact';
import { createApiClient } from '../shared/client/api-client.ts';
import { pickLocale, setLocale } from '../shared/i18n/index.ts';
import type { ApiClient } from '../shared/client/api-client.ts';
import styles from '../shared/ui/styles.css?inline';
import { DevicesPanel } from './DevicesPanel.tsx';
import type { DevicesStrings } from './strings.ts';
import { defaultStrings, PARTS_BY_CLASS, STRING_ATTRIBUTES } from './strings.ts';

export type { ApiClient, ApiResult } from '../shared/client/api-client.ts';
export { createApiClient } from '../shared/client/api-client.ts';
export type { DevicesStrings } from './strings.ts';

/** The shared sheet styles a whole page (`:root`, `body`); in here, that page is the element. */
const SHADOW_CSS = `${styles.replace(/:root\b/g, ':host').replace(/(^|\})\s*body\s*\{/g, '$1 :host {')}
:host { display: block; background: transparent; }`;

export class SessionControlDevices extends HTMLElement {
  static readonly observedAttributes = ['base-path', 'all-tenants', ...Object.keys(STRING_ATTRIBUTES)];
  private root: ShadowRoot | null = null;
  private mount: HTMLElement | null = null;
  private parts: MutationObserver | null = null;
  private overrides: Partial<DevicesStrings> = {};
  private givenClient: ApiClient | null = null;
  private ownClient: { basePath: string; client: ApiClient } | null = null;

  /** The sentences in use; set some or all of them to replace the defaults. */
  get strings(): DevicesStrings {
    const fromAttributes: Partial<DevicesStrings> = {};
    for (const [attribute, key] of Object.entries(STRING_ATTRIBUTES)) {
      const value = this.getAttribute(attribute);
      if (value !== null) fromAttributes[key] = value;
    }
    return { ...defaultStrings(), ...fromAttributes, ...this.overrides };
  }

  set strings(value: Partial<DevicesStrings>) {
    this.overrides = { ...value };
    this.update();
  }

  /** The client to talk through; by default one for this origin under `base-path`. */
  get client(): ApiClient {
    if (this.givenClient !== null) return this.givenClient;
    const basePath = this.getAttribute('base-path') ?? '';
    if (this.ownClient?.basePath !== basePath) {
      this.ownClient = { basePath, client: createApiClient({ baseUrl: `${location.origin}${basePath}` }) };
    }
    return this.ownClient.client;
  }

  set client(value: ApiClient | null) {
    this.givenClient = value;
    this.update();
  }

  connectedCallback(): void {
    if (this.root === null) {
      this.root = this.attachShadow({ mode: 'open' });
      adoptStyles(this.root);
      this.mount = document.createElement('div');
      this.mount.setAttribute('part', 'container');
      this.root.append(this.mount);
    }
    this.parts = new MutationObserver(() => this.nameParts());
    this.parts.observe(this.root, { subtree: true, childList: true, attributes: true, attributeFilter: ['class'] });
    this.update();
  }

  disconnectedCallback(): void {
    this.parts?.disconnect();
    if (this.mount !== null) render(null, this.mount);
  }

  attributeChangedCallback(): void {
    this.update();
  }

  private update(): void {
    if (this.mount === null || !this.isConnected) return;
    const client = this.client;
    render(
      <DevicesPanel
        key={client}
        client={client}
        strings={this.strings}
        allTenants={this.hasAttribute('all-tenants')}
        onSignedOut={(reason) =>
          this.dispatchEvent(
            new CustomEvent('session-control:signed-out', { detail: { reason }, bubbles: true, composed: true }),
          )
        }
      />,
      this.mount,
    );
    this.nameParts();
  }

  private nameParts(): void {
    if (this.root === null) return;
    for (const [className, part] of Object.entries(PARTS_BY_CLASS)) {
      for (const element of this.root.querySelectorAll(`.${className}`)) {
        const parts = (element.getAttribute('part') ?? '').split(' ').filter((name) => name !== '');
        if (!parts.includes(part)) element.setAttribute('part', [...parts, part].join(' '));
      }
    }
  }
}

function adoptStyles(root: ShadowRoot): void {
  if ('adoptedStyleSheets' in root && typeof CSSStyleSheet.prototype.replaceSync === 'function') {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(SHADOW_CSS);
    root.adoptedStyleSheets = [sheet];
    return;
  }
  const style = document.createElement('style');
  style.textContent = SHADOW_CSS;
  root.append(style);
}

if (!customElements.get('session-control-devices')) {
  // The host page's language (<html lang>) first, then the browser's: English or German.
  setLocale(pickLocale([document.documentElement.lang, ...(navigator.languages ?? [])].filter(Boolean)));
  customElements.define('session-control-devices', SessionControlDevices);
}

declare global {
  interface HTMLElementTagNameMap {
    'session-control-devices': SessionControlDevices;
  }
}
