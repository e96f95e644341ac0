// Web identity and SAML federation in the playground, DOM-free: the identity providers a world
// offers, a web identity token or SAML response decoded for reading (no verification: the
// simulator verifies), a refused call's verification steps in words, and the operations people
// look for that STS does not have.
import { escapeHtml } from './diagnostics.js';

/** OIDC providers of a world (ARNs) plus the built-in ones AssumeRoleWithWebIdentity trusts. */
export function oidcProviders(world) {
  const partition = world?.Partition ?? 'aws';
  const out = [];
  for (const account of world?.Accounts ?? []) {
    for (const p of account.OpenIDConnectProviders ?? []) {
      const host = String(p.Url ?? '').replace(/^https:\/\//, '');
      out.push({ arn: `arn:${partition}:iam::${account.AccountId}:oidc-provider/${host}`, label: `${host} (${account.AccountId})` });
    }
  }
  for (const host of ['accounts.google.com', 'cognito-identity.amazonaws.com']) out.push({ arn: host, label: `${host} (built in)` });
  return out;
}

/** SAML providers of a world, by ARN. */
export function samlProviders(world) {
  const partition = world?.Partition ?? 'aws';
  return (world?.Accounts ?? []).flatMap((account) => (account.SAMLProviders ?? []).map((p) => ({
    arn: `arn:${partition}:iam::${account.AccountId}:saml-provider/${p.Name}`, label: `${p.Name} (${account.AccountId})`,
  })));
}

function base64UrlToText(part) {
  const b64 = part.replace(/-/g, '+').replace(/_/g, '/');
  const bytes = Uint8Array.from(atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4)), (c) => c.charCodeAt(0));
  return new TextDecoder().decode(bytes);
}

/** A compact JWS's header and claims as JSON (the signature is not checked here). */
export function decodeJwt(token) {
  const parts = String(token ?? '').trim().split('.');
  if (parts.length !== 3) return { error: `A JWT has three dot-separated parts; this has ${parts.length}.` };
  try {
    return { header: JSON.parse(base64UrlToText(parts[0])), claims: JSON.parse(base64UrlToText(parts[1])) };
  } catch (e) {
    return { error: `The token's header or claims are not base64url JSON: ${e.message}` };
  }
}

/** A base64 SAML response as its XML text, with the long signature values elided for reading. */
export function decodeSamlResponse(base64) {
  try {
    const bytes = Uint8Array.from(atob(String(base64 ?? '').replace(/\s+/g, '')), (c) => c.charCodeAt(0));
    const xml = new TextDecoder().decode(bytes);
    if (!xml.includes('<')) return { error: 'The assertion does not decode to XML.' };
    const readable = xml
      .replace(/(<ds:(?:SignatureValue|X509Certificate|DigestValue)>)([^<]{40,})(<)/g, (_, open, value, close) => `${open}${value.slice(0, 24)}… (${value.length} characters)${close}`)
      .replace(/></g, '>\n<');
    return { xml, readable };
  } catch (e) {
    return { error: `The assertion is not base64: ${e.message}` };
  }
}

const CHECK_WORDS = {
  size: 'Size', jws: 'Token format (compact JWS)', claims: 'Required claims', issuer: 'Issuer', audience: 'Audience',
  signature: 'Signature', expiration: 'Not expired', 'issued-at': 'Issued at', 'not-before': 'Not before', kid: 'Signing key',
  base64: 'Base64', xml: 'XML', status: 'SAML status', structure: 'Structure (no wrapping)', metadata: 'Provider metadata',
  provider: 'Identity provider', subject: 'Subject', conditions: 'Validity window', recipient: 'Recipient', role: 'Role attribute',
};

/** The verification steps of a refused federation call, each passed or failed, in words. */
export function renderChecks(checks) {
  if (!checks?.length) return '';
  const failed = checks.find((c) => !c.passed);
  return `<div class="card checks" aria-label="Verification steps"><p><strong>How sts-sim verified it</strong> <span class="muted">(beyond AWS, which says only the error)</span>${failed ? ` — stopped at <strong>${escapeHtml(CHECK_WORDS[failed.check] ?? failed.check)}</strong>` : ' — every step passed; the trust policy decided'}:</p>`
    + `<ol class="check-list">${checks.map((c) => `<li class="${c.passed ? 'passed' : 'failed'}" data-check="${escapeHtml(c.check)}">`
      + `<span class="${c.passed ? 'yes' : 'no'}">${c.passed ? '✓ passed' : '✗ failed'}</span> <strong>${escapeHtml(CHECK_WORDS[c.check] ?? c.check)}</strong>: ${escapeHtml(c.detail)}</li>`).join('')}</ol></div>`;
}

/** A token or assertion, decoded, for a <details> under the form or a result. */
export function renderDecodedToken(token) {
  const d = decodeJwt(token);
  if (d.error) return `<p class="no">${escapeHtml(d.error)}</p>`;
  const time = (s) => (typeof s === 'number' ? ` <span class="muted">(${new Date(s * 1000).toISOString().replace('.000Z', 'Z')})</span>` : '');
  const claims = Object.entries(d.claims).map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd><code>${escapeHtml(typeof v === 'string' ? v : JSON.stringify(v))}</code>${['iat', 'exp', 'nbf'].includes(k) ? time(v) : ''}</dd>`).join('');
  return `<div class="decoded-token"><h4>Header</h4><pre class="decoded">${escapeHtml(JSON.stringify(d.header, null, 2))}</pre><h4>Claims</h4><dl class="claims">${claims}</dl></div>`;
}

export function renderDecodedSaml(base64) {
  const d = decodeSamlResponse(base64);
  if (d.error) return `<p class="no">${escapeHtml(d.error)}</p>`;
  return `<div class="decoded-saml"><h4>Assertion XML <span class="muted">(${d.xml.length.toLocaleString('en')} bytes; signature values shortened here)</span></h4><pre class="decoded">${escapeHtml(d.readable)}</pre></div>`;
}

/**
 * Operations people look for that AWS STS does not have, and what to call instead. The simulator
 * answers them as AWS does (InvalidAction); the page adds this explanation.
 */
export const NOT_STS_OPERATIONS = {
  AssumeRoleWithJWT: {
    instead: 'AssumeRoleWithWebIdentity',
    // The other real JWT operation: the opposite direction.
    also: 'GetWebIdentityToken',
    why: 'AWS STS has no AssumeRoleWithJWT, so it answers InvalidAction, as for any unknown action. STS has two JWT operations, one per direction. Into AWS: a JWT from an OpenID Connect provider (GitHub Actions, Google, Cognito, EKS, your own IdP) is exchanged for role credentials with AssumeRoleWithWebIdentity: register the provider in IAM, trust it in the role\'s trust policy (Principal "Federated": the provider ARN), and pass the token as WebIdentityToken; the call is unsigned. Out of AWS: GetWebIdentityToken (outbound identity federation, since 2025) has STS sign a JWT asserting your AWS identity, which an outside service verifies against your account\'s published keys.',
    doc: 'https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRoleWithWebIdentity.html',
    alsoDoc: 'https://docs.aws.amazon.com/STS/latest/APIReference/API_GetWebIdentityToken.html',
  },
};

export function renderNotAnOperation(name, { switchButton = true } = {}) {
  const n = NOT_STS_OPERATIONS[name];
  if (!n) return '';
  const also = n.also ? ` (or, to send a JWT out of AWS, <strong>${escapeHtml(n.also)}</strong>)` : '';
  return `<div class="card not-an-operation" role="note" data-instead="${escapeHtml(n.instead)}"><p><span class="badge">No such operation</span> <strong>${escapeHtml(name)}</strong> does not exist in AWS; use <strong>${escapeHtml(n.instead)}</strong>${also}.</p>`
    + `<p>${escapeHtml(n.why)}</p><p><a href="${escapeHtml(n.doc)}">${escapeHtml(n.instead)} in the STS API reference</a>${n.also ? ` · <a href="${escapeHtml(n.alsoDoc)}">${escapeHtml(n.also)} in the STS API reference</a>` : ''}</p>`
    + (switchButton ? `<p><button type="button" data-switch-operation="${escapeHtml(n.instead)}">Switch to ${escapeHtml(n.instead)}</button>${n.also ? ` <button type="button" data-switch-operation="${escapeHtml(n.also)}">Switch to ${escapeHtml(n.also)}</button>` : ''}</p>` : '') + '</div>';
}
