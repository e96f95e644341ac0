// The playground's authenticator app: RFC 6238 codes (HMAC-SHA-1, 30-second steps, 6 digits,
// as IAM virtual MFA devices use) from a device's Base32StringSeed, at the simulator's time.
// It stands in for the phone, which is outside AWS; the simulator checks the code itself.

/** RFC 4648 Base32 (upper case, padding optional) → bytes. */
export function base32Decode(text) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const clean = text.replace(/=+$/, '').replace(/\s+/g, '').toUpperCase();
  const out = [];
  let bits = 0;
  let value = 0;
  for (const c of clean) {
    const i = alphabet.indexOf(c);
    if (i < 0) throw new Error(`'${c}' is not a Base32 character`);
    value = (value << 5) | i;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return new Uint8Array(out);
}

/** The 6-digit code for `key` (bytes) at `time` (ISO string or epoch ms). */
export async function totp(key, time, { step = 30, digits = 6 } = {}) {
  const ms = typeof time === 'number' ? time : Date.parse(time);
  const counter = Math.floor(ms / 1000 / step);
  const message = new DataView(new ArrayBuffer(8));
  message.setUint32(0, Math.floor(counter / 2 ** 32));
  message.setUint32(4, counter >>> 0);
  const hmacKey = await crypto.subtle.importKey('raw', key, { name: 'HMAC', hash: 'SHA-1' }, false, ['sign']);
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', hmacKey, message.buffer));
  const offset = mac[mac.length - 1] & 0x0f;
  const binary = ((mac[offset] & 0x7f) << 24) | (mac[offset + 1] << 16) | (mac[offset + 2] << 8) | mac[offset + 3];
  return String(binary % 10 ** digits).padStart(digits, '0');
}

/** The device with this serial number in a world, or undefined. */
export function mfaDevice(world, serial) {
  for (const account of world?.Accounts ?? []) {
    const device = (account.MFADevices ?? []).find((d) => d.SerialNumber === serial);
    if (device) return device;
  }
  return undefined;
}
