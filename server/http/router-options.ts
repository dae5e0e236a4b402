/**
 * One spelling per resource: /API/ME or /api/me/ are not our routes, so that path-based rules
 * (the origin check's exemptions, cache headers) cannot be sidestepped by case or a slash.
 */
export const ROUTER_OPTIONS = { caseSensitive: true, strict: true } as const;
