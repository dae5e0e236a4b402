/**
 * The credit the country data asks for (CC BY 4.0: NRO delegation files, via ip-location-db;
 * docs/deploy.md), shown under a list whenever it shows a place that came from that data.
 */
import { t } from '../i18n/index.ts';
import type { PublicSession } from '../schemas.ts';

/** True when some session's place was looked up (a country), not "Local network" or unknown. */
export function showsLookedUpPlace(sessions: readonly Pick<PublicSession, 'location'>[]): boolean {
  return sessions.some((session) => Boolean(session.location?.countryCode));
}

export function PlacesAttribution() {
  const [before, nro, between, project, after] = t.placesCredit;
  return (
    <p class="sc-attribution">
      {before}
      <a href="https://www.nro.net/" target="_blank" rel="noopener noreferrer">
        {nro}
      </a>
      {between}
      <a href="https://github.com/sapics/ip-location-db" target="_blank" rel="noopener noreferrer">
        {project}
      </a>
      {after}
    </p>
  );
}
