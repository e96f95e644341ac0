import { test } from 'node:test';
import assert from 'node:assert/strict';
import { base32Decode, mfaDevice, totp } from './totp.js';

test('RFC 6238 SHA-1 test vectors (8 digits) and 6-digit codes', async () => {
  const key = new TextEncoder().encode('12345678901234567890');
  assert.equal(await totp(key, 59_000, { digits: 8 }), '94287082');
  assert.equal(await totp(key, 1_111_111_109_000, { digits: 8 }), '07081804');
  assert.equal(await totp(key, 20_000_000_000_000, { digits: 8 }), '65353130');
  assert.equal(await totp(key, '1970-01-01T00:00:59Z'), '287082');
});

test('Base32 seeds decode as RFC 4648 says; devices are found by serial', () => {
  assert.deepEqual([...base32Decode('MZXW6YTBOI======')], [...new TextEncoder().encode('foobar')]);
  assert.deepEqual([...base32Decode('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ')], [...new TextEncoder().encode('12345678901234567890')]);
  assert.throws(() => base32Decode('1'), /Base32/);
  const world = { Accounts: [{ MFADevices: [{ UserName: 'alice', SerialNumber: 'arn:aws:iam::111122223333:mfa/alice', Base32StringSeed: 'JBSWY3DP' }] }] };
  assert.equal(mfaDevice(world, 'arn:aws:iam::111122223333:mfa/alice').UserName, 'alice');
  assert.equal(mfaDevice(world, 'nope'), undefined);
});
