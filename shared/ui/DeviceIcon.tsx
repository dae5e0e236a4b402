/** A line drawing of the kind of device; decorative, the row says the type in words. */
import type { DeviceType } from '../schemas.ts';

const PATHS: Record<DeviceType, string> = {
  desktop: 'M3 5h18v11H3zM8 20h8M12 16v4',
  mobile: 'M7 2h10v20H7zM11 18h2',
  tablet: 'M4 3h16v18H4zM11 17h2',
  unknown: 'M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18zM9.5 9.5a2.5 2.5 0 1 1 3.5 2.3c-.6.3-1 .9-1 1.6V14M12 17h.01',
};

export interface DeviceIconProps {
  type: DeviceType;
}

export function DeviceIcon({ type }: DeviceIconProps) {
  return (
    <svg
      class="sc-device-icon"
      viewBox="0 0 24 24"
      width="24"
      height="24"
      aria-hidden="true"
      focusable="false"
      fill="none"
      stroke="currentColor"
      stroke-width="1.75"
      stroke-linecap="round"
      stroke-linejoin="round"
    >
      <path d={PATHS[type]} />
    </svg>
  );
}
