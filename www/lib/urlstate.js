// The playground's setup in the URL hash, so a link reproduces it: JSON, deflate-raw
// (CompressionStream, in browsers and Node alike), base64url. Only the fields listed here travel;
// credentials the simulator issued (secret keys, session tokens) never go into a link.

const VERSION = 1;
const PREFIX = '#s=';

/**
 * The shareable part of the page state. A caller that is an issued session is replaced by its
 * principal ARN (the link's reader has no such session).
 */
export function shareableState(state) {
  const caller = state.call?.caller;
  const safeCaller = caller && (caller.Principal ? { Principal: String(caller.Principal) } : caller.Service ? { Service: String(caller.Service) }
    : caller.arn ? { Principal: String(caller.arn) } : undefined);
  return {
    v: VERSION,
    docs: (state.docs ?? []).map(({ name, kind, text }) => ({ name: String(name), kind: String(kind), text: String(text) })),
    active: Number(state.active ?? 0),
    panel: state.panel === 'sts' ? 'sts' : 'authorize',
    request: state.request && {
      principal: String(state.request.principal ?? ''),
      action: String(state.request.action ?? ''),
      resource: String(state.request.resource ?? ''),
      context: (state.request.context ?? []).map(([k, v]) => [String(k), String(v)]),
    },
    call: state.call && {
      operation: String(state.call.operation ?? ''),
      caller: safeCaller,
      params: stripSecrets(state.call.params ?? {}),
      region: String(state.call.region ?? ''),
      endpoint: state.call.endpoint === 'global' ? 'global' : 'regional',
      ...(String(state.call.sourceIp ?? '').trim() ? { sourceIp: String(state.call.sourceIp).trim() } : {}),
    },
    example: state.example ? String(state.example) : undefined,
  };
}

// Parameters a user types may include an MFA code (one-time, harmless) or an access key id (an
// identifier, not a secret: GetAccessKeyInfo takes one) but never a secret key or session token.
const SECRET_PARAMS = new Set(['SecretAccessKey', 'SessionToken']);
function stripSecrets(params) {
  const blank = (v) => v === '' || v === null || v === undefined || (Array.isArray(v) && v.length === 0);
  return Object.fromEntries(Object.entries(params).filter(([k, v]) => !SECRET_PARAMS.has(k) && !blank(v)));
}

async function pipe(bytes, stream) {
  const out = new Blob([bytes]).stream().pipeThrough(stream);
  return new Uint8Array(await new Response(out).arrayBuffer());
}

function toBase64Url(bytes) {
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text) {
  const bin = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  return Uint8Array.from(bin, (c) => c.charCodeAt(0));
}

/** State → "#s=…" (the hash, with its prefix). */
export async function encodeState(state) {
  const json = JSON.stringify(shareableState(state));
  const packed = await pipe(new TextEncoder().encode(json), new CompressionStream('deflate-raw'));
  return PREFIX + toBase64Url(packed);
}

/** "#s=…" → state, or null when the hash holds no (readable) state. */
export async function decodeState(hash) {
  if (!hash?.startsWith(PREFIX)) return null;
  try {
    const bytes = await pipe(fromBase64Url(hash.slice(PREFIX.length)), new DecompressionStream('deflate-raw'));
    const state = JSON.parse(new TextDecoder().decode(bytes));
    return state?.v === VERSION ? state : null;
  } catch {
    return null;
  }
}
