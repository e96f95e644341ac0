// What the policy editor offers to complete at a position: condition operators inside a
// "Condition" block, condition keys inside an operator, element names and values elsewhere.
// DOM-free: a tolerant scan of the (possibly incomplete) JSON text before the cursor.
//
// The lists follow the IAM reference ("IAM JSON policy elements: Condition operators" and
// "AWS global condition context keys"); the key list mirrors src/keys.rs (the wasm module does
// not export its catalogue yet).

/** The base condition operators (src/policy/model.rs BaseOperator). */
export const BASE_OPERATORS = [
  'StringEquals', 'StringNotEquals', 'StringEqualsIgnoreCase', 'StringNotEqualsIgnoreCase', 'StringLike', 'StringNotLike',
  'NumericEquals', 'NumericNotEquals', 'NumericLessThan', 'NumericLessThanEquals', 'NumericGreaterThan', 'NumericGreaterThanEquals',
  'DateEquals', 'DateNotEquals', 'DateLessThan', 'DateLessThanEquals', 'DateGreaterThan', 'DateGreaterThanEquals',
  'Bool', 'BinaryEquals', 'IpAddress', 'NotIpAddress', 'ArnEquals', 'ArnLike', 'ArnNotEquals', 'ArnNotLike', 'Null',
];

/** Every operator spelling a Condition block accepts: base, …IfExists, and set qualifiers. */
export const CONDITION_OPERATORS = (() => {
  const plain = BASE_OPERATORS.flatMap((op) => (op === 'Null' ? [op] : [op, `${op}IfExists`]));
  const sets = plain.filter((op) => op !== 'Null').flatMap((op) => [`ForAllValues:${op}`, `ForAnyValue:${op}`]);
  return [...plain, ...sets];
})();

/** [name, type, multivalued] — the documented global and STS keys (src/keys.rs KEYS). */
export const GLOBAL_CONDITION_KEYS = [
  ['aws:PrincipalArn', 'Arn'], ['aws:PrincipalAccount', 'String'], ['aws:PrincipalOrgPaths', 'String', true],
  ['aws:PrincipalOrgID', 'String'], ['aws:PrincipalIsAWSService', 'Bool'], ['aws:PrincipalServiceName', 'String'],
  ['aws:PrincipalServiceNamesList', 'String', true], ['aws:PrincipalType', 'String'], ['aws:userid', 'String'],
  ['aws:username', 'String'], ['aws:PrincipalTag/', 'String'],
  ['aws:AssumedRoot', 'String'], ['aws:FederatedProvider', 'String'], ['aws:TokenIssueTime', 'Date'],
  ['aws:MultiFactorAuthAge', 'Numeric'], ['aws:MultiFactorAuthPresent', 'Bool'], ['aws:ChatbotSourceArn', 'Arn'],
  ['aws:Ec2InstanceSourceVpc', 'String'], ['aws:Ec2InstanceSourcePrivateIPv4', 'IpAddress'], ['aws:SourceIdentity', 'String'],
  ['ec2:RoleDelivery', 'Numeric'], ['ec2:SourceInstanceArn', 'Arn'], ['glue:RoleAssumedBy', 'String'],
  ['glue:CredentialIssuingService', 'String'], ['lambda:SourceFunctionArn', 'Arn'], ['ssm:SourceInstanceArn', 'Arn'],
  ['identitystore:UserId', 'String'],
  ['aws:SourceIp', 'IpAddress'], ['aws:SourceVpc', 'String'], ['aws:SourceVpcArn', 'Arn'], ['aws:SourceVpce', 'String'],
  ['aws:VpcSourceIp', 'IpAddress'], ['aws:VpceAccount', 'String'], ['aws:VpceOrgID', 'String'], ['aws:VpceOrgPaths', 'String', true],
  ['aws:ResourceAccount', 'String'], ['aws:ResourceOrgID', 'String'], ['aws:ResourceOrgPaths', 'String', true], ['aws:ResourceTag/', 'String'],
  ['aws:CalledVia', 'String', true], ['aws:CalledViaFirst', 'String'], ['aws:CalledViaLast', 'String'], ['aws:ViaAWSService', 'Bool'],
  ['aws:CurrentTime', 'Date'], ['aws:EpochTime', 'Date'], ['aws:referer', 'String'], ['aws:RequestedRegion', 'String'],
  ['aws:RequestTag/', 'String'], ['aws:TagKeys', 'String', true], ['aws:SecureTransport', 'Bool'], ['aws:SourceArn', 'Arn'],
  ['aws:SourceAccount', 'String'], ['aws:SourceOrgID', 'String'], ['aws:SourceOrgPaths', 'String', true], ['aws:UserAgent', 'String'],
  ['aws:IsMcpServiceAction', 'Bool'], ['iam:ResourceTag/', 'String'],
  ['sts:AWSServiceName', 'String'], ['sts:DurationSeconds', 'Numeric'], ['sts:ExternalId', 'String'], ['sts:RoleSessionName', 'String'],
  ['sts:SourceIdentity', 'String'], ['sts:TaskPolicyArn', 'Arn'], ['sts:TransitiveTagKeys', 'String', true],
  ['cognito-identity.amazonaws.com:amr', 'String', true], ['cognito-identity.amazonaws.com:aud', 'String'],
  ['cognito-identity.amazonaws.com:sub', 'String'], ['accounts.google.com:aud', 'String'], ['accounts.google.com:oaud', 'String'],
  ['accounts.google.com:sub', 'String'], ['graph.facebook.com:app_id', 'String'], ['graph.facebook.com:id', 'String'],
  ['www.amazon.com:app_id', 'String'], ['www.amazon.com:user_id', 'String'],
  ['saml:aud', 'String'], ['saml:cn', 'String'], ['saml:doc', 'String'], ['saml:iss', 'String'], ['saml:namequalifier', 'String'],
  ['saml:sub', 'String'], ['saml:sub_type', 'String'],
].map(([name, type, multivalued = false]) => ({ name, type, multivalued }));

const STATEMENT_ELEMENTS = ['Sid', 'Effect', 'Principal', 'NotPrincipal', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition'];

/**
 * Where the cursor is in JSON text: the chain of object keys / array indexes enclosing it, and
 * whether it is inside a string that is an object key or a value. Tolerates unfinished text.
 * Returns { path, role: 'key' | 'value' | null, from, inString } — `from` is where the string
 * being typed starts (after its opening quote), or the cursor when not in a string.
 */
export function jsonPositionAt(text, pos) {
  const stack = []; // frames: { type: 'object' | 'array', key, index }
  let expectKey = false;
  let i = 0;
  while (i < pos) {
    const c = text[i];
    if (c === '"') {
      const start = i + 1;
      let j = start;
      while (j < text.length && text[j] !== '"' && text[j] !== '\n') j += text[j] === '\\' ? 2 : 1;
      const top = stack[stack.length - 1];
      if (j >= pos) {
        // The cursor is inside this string.
        return { path: pathOf(stack), role: top?.type === 'object' ? (expectKey ? 'key' : 'value') : top ? 'value' : null, from: start, inString: true };
      }
      if (top?.type === 'object' && expectKey) top.key = text.slice(start, j);
      i = j + 1;
      continue;
    }
    if (c === '{') { stack.push({ type: 'object', key: null }); expectKey = true; }
    else if (c === '[') { stack.push({ type: 'array', index: 0 }); expectKey = false; }
    else if (c === '}' || c === ']') { stack.pop(); expectKey = false; }
    else if (c === ':') expectKey = false;
    else if (c === ',') {
      const top = stack[stack.length - 1];
      if (top?.type === 'array') top.index += 1;
      else if (top) { top.key = null; expectKey = true; }
    }
    i += 1;
  }
  const top = stack[stack.length - 1];
  return { path: pathOf(stack), role: top?.type === 'object' && expectKey ? 'key' : null, from: pos, inString: false };
}

// An object frame's key is null while its next key is being typed, so a key position's path is
// the path of the object that will hold it.
function pathOf(stack) {
  const path = [];
  for (const frame of stack) {
    if (frame.type === 'array') path.push(frame.index);
    else if (frame.key !== null) path.push(frame.key);
  }
  return path;
}

/**
 * The completions for a cursor position: { from, options: [{ label, detail, type }] } or null.
 * Inside "Condition": operators; inside an operator: condition keys; inside a statement: element
 * names; the value of "Effect": Allow / Deny; the value of "Version": 2012-10-17.
 */
export function completionsAt(text, pos) {
  const at = jsonPositionAt(text, pos);
  const { path, role } = at;
  if (!role) return null;
  const result = (options) => ({ from: at.from, inString: at.inString, options });
  const last = path[path.length - 1];
  const parent = path[path.length - 2];
  if (role === 'key') {
    const objectPath = path;
    const o = objectPath[objectPath.length - 1];
    const op = objectPath[objectPath.length - 2];
    if (o === 'Condition') return result(CONDITION_OPERATORS.map((label) => ({ label, type: 'keyword', detail: 'operator' })));
    if (op === 'Condition') {
      return result(GLOBAL_CONDITION_KEYS.map((k) => ({ label: k.name, type: 'property', detail: k.multivalued ? `${k.type}, multivalued` : k.type })));
    }
    if (typeof o === 'number' && op === 'Statement') return result(STATEMENT_ELEMENTS.map((label) => ({ label, type: 'property', detail: 'element' })));
    if (objectPath.length === 0) return result(['Version', 'Id', 'Statement'].map((label) => ({ label, type: 'property', detail: 'element' })));
    return null;
  }
  if (last === 'Effect') return result(['Allow', 'Deny'].map((label) => ({ label, type: 'enum' })));
  if (last === 'Version' && parent === undefined) return result([{ label: '2012-10-17', type: 'enum' }]);
  return null;
}
