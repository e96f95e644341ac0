// Turns the playground's documents and "Authorize an action" form into a `simulate` input.
// DOM-free. A role's trust policy is its resource-based policy for sts:AssumeRole, so trust
// documents join the resource layer; all SCP (and RCP) documents form one organization level.

/** The policy kinds the editor offers, and the world document (for the STS simulator). */
export const DOCUMENT_KINDS = [
  ['identity', 'identity-based policy'],
  ['trust', 'role trust policy'],
  ['resource', 'resource-based policy'],
  ['boundary', 'permissions boundary'],
  ['scp', 'service control policy (SCP)'],
  ['rcp', 'resource control policy (RCP)'],
  ['session', 'session policy'],
  ['world', 'world (accounts, for STS calls)'],
];

const LAYER_OF_KIND = { identity: 'identity', trust: 'resource', resource: 'resource', boundary: 'boundary', scp: 'scp', rcp: 'rcp', session: 'session' };

/** Context rows [[key, value], …] → the request context; blank keys are skipped. A value in
 * [brackets] is a JSON list (for multivalued keys); anything else is the string typed. */
export function contextFromRows(rows) {
  const context = {};
  for (const [rawKey, rawValue] of rows ?? []) {
    const key = String(rawKey).trim();
    if (!key) continue;
    const value = String(rawValue ?? '').trim();
    if (value.startsWith('[')) {
      try {
        const list = JSON.parse(value);
        if (Array.isArray(list)) { context[key] = list.map(String); continue; }
      } catch { /* not a list: the text itself */ }
    }
    context[key] = value;
  }
  return context;
}

/** { policies, request } for `simulate`, from the documents and the form. */
export function simulateInput(docs, request) {
  return { policies: policiesFrom(docs).policies, request: requestFrom(request) };
}

/**
 * The documents as simulate's policy layers, and the name of each by the location the trace
 * gives it (`identity[0]`; SCPs and RCPs sit at level 0: `scp[0][1]`).
 */
export function policiesFrom(docs) {
  const policies = {};
  const names = {};
  for (const doc of docs) {
    const layer = LAYER_OF_KIND[doc.kind];
    if (!layer) continue;
    const list = (policies[layer] ??= []);
    names[layer === 'scp' || layer === 'rcp' ? `${layer}[0][${list.length}]` : `${layer}[${list.length}]`] = doc.name;
    list.push(doc.text);
  }
  return { policies, names };
}

function requestFrom(request) {
  const out = { principal: request.principal.trim(), action: request.action.trim(), resource: request.resource.trim() };
  const context = contextFromRows(request.context);
  if (Object.keys(context).length) out.context = context;
  return out;
}
