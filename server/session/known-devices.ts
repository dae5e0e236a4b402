/**
 * Known devices (issue 12): at sign-up and sign-in the device presents its secret (the device
 * cookie, or X-Device-Token in header mode). A secret this user's device holds makes the sign-in
 * "known". Otherwise a fresh secret is minted for this user, never one the client brought: a secret
 * planted by someone else (their own device's, or forged) must not become this user's, or its
 * planter could later sign in as them without being "new". A browser shared by several accounts
 * holds one secret per account (the cookie keeps a few, device-cookie.ts). A device secret
 * authenticates nothing: it is looked at only after the password was right.
 */
import type { SessionContext } from './context.ts';
import { hashToken, isDeviceTokenShape, newDeviceId, newDeviceToken } from './secrets.ts';

/** How many devices of one user are remembered; past it the least recently seen is forgotten. */
export const MAX_KNOWN_DEVICES_PER_USER = 100;

/** How many device secrets (accounts) one browser keeps, and how many a sign-in looks at. */
export const MAX_DEVICE_TOKENS = 5;

/** The device a new session begins on. */
export interface RecognisedDevice {
  deviceId: string;
  /** The secret for the client to keep (the presented one when it was known). */
  deviceToken: string;
  /** The account has devices and this is not one of them. */
  newDevice: boolean;
  /** The name the user gave the device, if any. */
  label: string | null;
}

/**
 * Finds or mints the device of a sign-in by `userId`. An account that has no device yet (its
 * sign-up, or its first sign-in after the upgrade that brought devices) has nothing to compare
 * with: that first device is not "new".
 */
export async function recogniseDevice(
  ctx: SessionContext,
  userId: string,
  presentedTokens: readonly string[],
): Promise<RecognisedDevice> {
  const now = ctx.clock();
  for (const presented of presentedTokens.filter(isDeviceTokenShape).slice(0, MAX_DEVICE_TOKENS)) {
    const known = await ctx.store.findKnownDevice(userId, hashToken(presented));
    if (known === null) continue;
    await ctx.store.touchKnownDevice(known.id, now);
    return { deviceId: known.id, deviceToken: presented, newDevice: false, label: known.label };
  }
  const hadDevices = await ctx.store.userHasKnownDevice(userId);
  const deviceToken = newDeviceToken();
  const deviceId = newDeviceId();
  await ctx.store.insertKnownDevice(
    {
      id: deviceId,
      userId,
      secretHash: hashToken(deviceToken),
      label: null,
      createdAt: now,
      lastSeenAt: now,
    },
    MAX_KNOWN_DEVICES_PER_USER,
  );
  ctx.log.info('device.created', { userId, deviceId, newDevice: hadDevices });
  return { deviceId, deviceToken, newDevice: hadDevices, label: null };
}
