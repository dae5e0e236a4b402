// Entry point of the account security page: the shared UI with the cookie client of this origin.
import { render } from 'preact';
import { createApiClient } from '../shared/client/api-client.ts';
import { chooseBrowserLocale } from '../shared/i18n/index.ts';
import { App } from './App.tsx';
import '../shared/ui/styles.css';
import '../shared/ui/alerts.css';
import './dashboard.css';

// Before the first render: every sentence is read from the catalog of the browser's language.
document.documentElement.lang = chooseBrowserLocale();
const root = document.getElementById('app');
if (root) render(<App client={createApiClient({ baseUrl: location.origin })} />, root);
