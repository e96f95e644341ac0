import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildParams, expiryText, parseWorld, renderCredentials, renderEvents, renderStsError, worldChoices } from './sts.js';
import { EXAMPLES } from './examples.js';

test('a world offers its roots, users, roles and MFA devices', () => {
  const world = parseWorld(EXAMPLES.find((e) => e.id === 'sts-assume-role').docs[0].text).world;
  const { callers, roles, mfaDevices } = worldChoices(world);
  assert.deepEqual(callers.map((c) => c.Principal ?? c.Service), ['arn:aws:iam::111122223333:root', 'arn:aws:iam::111122223333:user/alice', 'arn:aws:iam::444455556666:root', 'ec2.amazonaws.com', 'lambda.amazonaws.com', 'ecs-tasks.amazonaws.com']);
  assert.deepEqual(roles.map((r) => r.arn), ['arn:aws:iam::444455556666:role/Deploy', 'arn:aws:iam::444455556666:role/Audit', 'arn:aws:iam::444455556666:role/Admin']);
  assert.equal(mfaDevices[0].serial, 'arn:aws:iam::111122223333:mfa/alice');
  assert.match(parseWorld('{"Accounts": 1}').error, /Accounts/);
  assert.match(parseWorld('{').error, /not valid JSON/);
});

test('form values become AWS parameters: blanks dropped, numbers numeric, transitive tags listed', () => {
  const params = buildParams('AssumeRole', {
    RoleArn: ' arn:aws:iam::444455556666:role/Deploy ', RoleSessionName: 's', DurationSeconds: '900', ExternalId: '', Name: 'ignored',
    Tags: [['team', 'blue', true], ['cost', 'x', false], [' ', 'blank']],
  });
  assert.deepEqual(params, {
    RoleArn: 'arn:aws:iam::444455556666:role/Deploy', RoleSessionName: 's', DurationSeconds: 900,
    Tags: [{ Key: 'team', Value: 'blue' }, { Key: 'cost', Value: 'x' }], TransitiveTagKeys: ['team'],
  });
  assert.deepEqual(buildParams('GetCallerIdentity', { RoleArn: 'x' }), {});
  assert.deepEqual(buildParams('GetFederationToken', { Name: 'bob', Tags: [['a', 'b', true]] }), { Name: 'bob', Tags: [{ Key: 'a', Value: 'b' }] });
});

test('the credentials card masks the secret and counts down on the simulated clock', () => {
  const response = {
    Credentials: { AccessKeyId: 'ASIAEXAMPLE', SecretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', SessionToken: 'IQoJb3JpZ2luX2VjEXAMPLETOKEN', Expiration: '2025-01-01T01:00:00Z' },
    AssumedRoleUser: { Arn: 'arn:aws:sts::444455556666:assumed-role/Deploy/s', AssumedRoleId: 'AROAEXAMPLE:s' },
    PackedPolicySize: 42,
  };
  const html = renderCredentials(response, { session: 3, now: '2025-01-01T00:00:20Z' });
  assert.ok(!html.includes('wJalrXUtnFEMI'), 'the secret is not in the HTML');
  assert.ok(!html.includes('IQoJb3JpZ2luX2VjEXAMPLETOKEN'), 'nor the whole session token');
  assert.match(html, /<button type="button" data-reveal="3" aria-pressed="false">Reveal<\/button>/);
  assert.match(html, /expires in 59 min 40 s/);
  assert.match(html, /<meter min="0" max="100" value="42"[^>]*>42%<\/meter> 42% of the limit/);
  assert.match(html, /data-use-session="3">Use these credentials as the caller/);
  assert.equal(expiryText('2025-01-01T00:00:00Z', '2025-01-01T00:00:01Z'), 'expired');
  assert.equal(expiryText('2025-01-01T02:00:05Z', '2025-01-01T00:00:00Z'), 'expires in 2 h 0 min 5 s');
});

test('errors read as AWS returns them; events expand to their record', () => {
  const html = renderStsError({ Type: 'Sender', Code: 'AccessDenied', Message: 'User: arn:aws:iam::111122223333:user/alice is not authorized to perform: sts:AssumeRole on resource: <x>' });
  assert.match(html, /data-code="AccessDenied"/);
  assert.match(html, /&lt;Code&gt;AccessDenied&lt;\/Code&gt;/);
  assert.match(html, /resource: &lt;x&gt;/);
  const events = renderEvents([{ eventTime: '2025-01-01T00:00:00Z', eventName: 'AssumeRole', userIdentity: { arn: 'arn:aws:iam::111122223333:user/alice' }, errorCode: 'AccessDenied' }]);
  assert.match(events, /<details><summary><time>2025-01-01T00:00:00Z<\/time> <strong>AssumeRole<\/strong> <span class="no">✗ AccessDenied<\/span>/);
  assert.match(renderEvents([]), /No events yet/);
  assert.match(renderEvents({ type: 'success', events: [{ eventName: 'GetCallerIdentity' }] }), /GetCallerIdentity<\/strong> <span class="yes">✓ success<\/span> <span class="muted">by /);
});

test('runCall speaks the Sim contract, remembers issued sessions, and chains as the new session', async () => {
  const { runCall } = await import('./sts.js');
  const calls = [];
  let n = 0;
  const sim = {
    call(caller, operation, params, options) {
      calls.push({ caller, operation, params, options });
      if (params.DurationSeconds > 3600) return { type: 'failure', error: { Type: 'Sender', Code: 'ValidationError', Message: 'chained' } };
      n += 1;
      return { type: 'success', response: { Credentials: { AccessKeyId: `ASIA${n}`, SecretAccessKey: `secret${n}`, SessionToken: `token${n}`, Expiration: '2025-01-01T01:00:00Z' }, AssumedRoleUser: { Arn: `arn:aws:sts::444455556666:assumed-role/R/s${n}`, AssumedRoleId: `AROA:s${n}` } } };
    },
    authorize(caller, request) { calls.push({ caller, request }); return { type: 'success', decision: 'Allow', trace: {} }; },
    now: () => '2025-01-01T00:00:00Z',
  };
  const sessions = [];
  const ex = EXAMPLES.find((e) => e.id === 'sts-role-chaining');
  const { answer, steps } = runCall(sim, ex.call, ex.call.caller, sessions, ex.then);
  assert.equal(answer.error.Code, 'ValidationError');
  assert.deepEqual(steps.map((s) => [s.operation, s.ok, s.session, s.code]), [['AssumeRole', true, 0, undefined], ['AssumeRole', false, undefined, 'ValidationError']]);
  assert.deepEqual(calls[0], { caller: { Principal: 'arn:aws:iam::111122223333:user/alice' }, operation: 'AssumeRole', params: { RoleArn: 'arn:aws:iam::444455556666:role/Deploy', RoleSessionName: 'alice-deploy' }, options: { region: 'us-east-1', endpoint: 'regional' } });
  assert.deepEqual(calls[1].caller, { AccessKeyId: 'ASIA1', SecretAccessKey: 'secret1', SessionToken: 'token1' });
  assert.equal(calls[1].params.DurationSeconds, 7200);
  assert.equal(sessions.length, 1);

  const auth = runCall(sim, { operation: 'Authorize', params: { Action: ' s3:GetObject ', Resource: '*', Context: [['aws:SourceIp', '10.0.0.1']] } }, sessions[0].credentials, sessions);
  assert.equal(auth.answer.decision, 'Allow');
  assert.deepEqual(calls[2].request, { action: 's3:GetObject', resource: '*', context: { 'aws:SourceIp': '10.0.0.1' }, region: undefined });
});

test('runCall mints a blank token from the claims, calls unsigned, and runs clock and revoke steps', async () => {
  const { runCall, renderSteps } = await import('./sts.js');
  const calls = [];
  let clock = 0;
  const sim = {
    mintWebIdentityToken(provider, claims) { calls.push({ mint: provider, claims }); return { type: 'success', token: 'h.c.s' }; },
    call(caller, operation, params) {
      calls.push({ caller, operation, params });
      return { type: 'success', response: { Credentials: { AccessKeyId: `ASIA${calls.length}`, SecretAccessKey: 's', SessionToken: 't', Expiration: '2025-01-01T01:00:00Z' }, AssumedRoleUser: { Arn: 'arn:aws:sts::1:assumed-role/R/gh' } } };
    },
    authorize(caller) { calls.push({ authorize: caller.AccessKeyId }); return { type: 'success', decision: clock ? 'ExplicitDeny' : 'Allow', trace: {} }; },
    advance(s) { clock += s; },
    revokeOlderSessions(arn) { calls.push({ revoke: arn }); return { type: 'success' }; },
    now: () => `2025-01-01T00:00:${String(clock).padStart(2, '0')}Z`,
  };
  const sessions = [];
  const call = { operation: 'AssumeRoleWithWebIdentity', caller: { Principal: 'ignored' }, params: { RoleArn: 'arn:aws:iam::1:role/R', RoleSessionName: 'gh', OidcProvider: 'arn:aws:iam::1:oidc-provider/p', Claims: '{"sub":"repo:acme/app"}' } };
  const { answer, steps, minted } = runCall(sim, call, { Principal: 'ignored' }, sessions, [{ advance: 60 }, { revokeOlderSessions: 'arn:aws:iam::1:role/R' }, { operation: 'Authorize', params: { Action: 's3:GetObject', Resource: '*' } }]);
  assert.deepEqual(calls[0], { mint: 'arn:aws:iam::1:oidc-provider/p', claims: { sub: 'repo:acme/app' } });
  assert.deepEqual(calls[1], { caller: null, operation: 'AssumeRoleWithWebIdentity', params: { RoleArn: 'arn:aws:iam::1:role/R', RoleSessionName: 'gh', WebIdentityToken: 'h.c.s' } });
  assert.deepEqual(minted, { kind: 'token', value: 'h.c.s' });
  assert.equal(sessions[0].caller, 'web identity user');
  assert.equal(answer.decision, 'ExplicitDeny');
  assert.deepEqual(steps.map((s) => s.operation), ['AssumeRoleWithWebIdentity', 'advance', 'revokeOlderSessions', 'Authorize']);
  const html = renderSteps(steps);
  assert.match(html, /advanced the clock 60 s/);
  assert.match(html, /✗ ExplicitDeny<\/span> authorize as the first session/);
  // Claims that are not JSON: a diagnostic, no call.
  const bad = runCall(sim, { ...call, params: { ...call.params, Claims: '{' } }, null, sessions);
  assert.equal(bad.answer.errors[0].code, 'INVALID_CLAIMS');
});

test('the rest of STS: AssumeRoot, GetWebIdentityToken, GetDelegatedAccessToken parameters; notes where AWS is silent', async () => {
  const { OPERATIONS, renderUndocumented } = await import('./sts.js');
  for (const name of ['AssumeRoot', 'GetWebIdentityToken', 'GetDelegatedAccessToken']) assert.ok(OPERATIONS.some((o) => o.name === name), name);
  assert.deepEqual(buildParams('AssumeRoot', { TargetPrincipal: '444455556666', TaskPolicyArn: 'IAMAuditRootUserCredentials', DurationSeconds: '' }),
    { TargetPrincipal: '444455556666', TaskPolicyArn: { arn: 'arn:aws:iam::aws:policy/root-task/IAMAuditRootUserCredentials' } });
  assert.deepEqual(buildParams('GetWebIdentityToken', { Audience: 'https://a.example, https://b.example\n', SigningAlgorithm: 'RS256', Tags: [['team', 'blue', true]] }),
    { Audience: ['https://a.example', 'https://b.example'], SigningAlgorithm: 'RS256', Tags: [{ Key: 'team', Value: 'blue' }] });
  assert.match(renderUndocumented('GetDelegatedAccessToken'), /Where AWS is silent[\s\S]*neither its format[\s\S]*ExpiredTradeInTokenException[\s\S]*API_GetDelegatedAccessToken\.html/);
  assert.match(renderUndocumented('GetDelegatedAccessToken'), /TradeInTokens, sts-sim&#39;s own fixture[\s\S]*not list is refused with InvalidParameterValue[\s\S]*again is not refused/);
  assert.match(renderUndocumented('GetWebIdentityToken'), /JWTPayloadSizeExceededException but not the size/);
  assert.match(renderUndocumented('AssumeRoot'), /not the error codes or messages/);
  assert.equal(renderUndocumented('AssumeRole'), '');
});

test('credential snippets: env vars, a profile, SDK config; the card shows them with the secret masked', async () => {
  const { credentialSnippets } = await import('./sts.js');
  const c = { AccessKeyId: 'ASIAEXAMPLE', SecretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', SessionToken: 'IQoJb3JpZ2luX2VjEXAMPLETOKEN', Expiration: '2025-01-01T01:00:00Z' };
  const s = credentialSnippets(c, { region: 'eu-west-1' });
  assert.equal(s.env, 'export AWS_ACCESS_KEY_ID=ASIAEXAMPLE\nexport AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\nexport AWS_SESSION_TOKEN=IQoJb3JpZ2luX2VjEXAMPLETOKEN\nexport AWS_REGION=eu-west-1');
  assert.equal(s.profile, '[sts-sim]\naws_access_key_id = ASIAEXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\naws_session_token = IQoJb3JpZ2luX2VjEXAMPLETOKEN\nregion = eu-west-1');
  assert.match(s.sdk, /sessionToken: 'IQoJb3JpZ2luX2VjEXAMPLETOKEN',\n {4}expiration: new Date\('2025-01-01T01:00:00Z'\)/);
  const html = renderCredentials({ Credentials: c }, { session: 0, now: '2025-01-01T00:00:00Z', region: 'eu-west-1' });
  assert.ok(!html.includes('wJalrXUtnFEMI') && !html.includes('IQoJb3JpZ2luX2VjEXAMPLETOKEN'), 'no secret in the HTML');
  assert.match(html, /export AWS_ACCESS_KEY_ID=ASIAEXAMPLE\nexport AWS_SECRET_ACCESS_KEY=•+/);
  assert.match(html, /data-copy-snippet="env" data-session="0"/);
  // A live preview's card acts on no session: no buttons.
  assert.doesNotMatch(renderCredentials({ Credentials: c }, { session: undefined, now: '2025-01-01T00:00:00Z', preview: true }), /<button/);
});

test('GetWebIdentityToken\'s answer: the token, its expiry and its claims decoded', () => {
  const claims = { iss: 'https://x.tokens.sts.global.api.aws', aud: 'https://api.partner.example', sub: 'arn:aws:iam::111122223333:user/alice' };
  const b64 = (o) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const token = `${b64({ alg: 'ES384', typ: 'JWT' })}.${b64(claims)}.c2ln`;
  const html = renderCredentials({ WebIdentityToken: token, Expiration: '2025-01-01T00:05:00Z' }, { session: undefined, now: '2025-01-01T00:00:00Z' });
  assert.match(html, /WebIdentityToken[\s\S]*expires in 5 min 0 s[\s\S]*&quot;alg&quot;: &quot;ES384&quot;[\s\S]*&quot;aud&quot;: &quot;https:\/\/api\.partner\.example&quot;/);
});

test('the event log filters by words and by refusal', async () => {
  const { eventMatches } = await import('./sts.js');
  const events = [
    { eventName: 'AssumeRole', eventTime: 't1', userIdentity: { arn: 'arn:aws:iam::111122223333:user/alice' } },
    { eventName: 'AssumeRole', eventTime: 't2', errorCode: 'AccessDenied', userIdentity: { arn: 'arn:aws:iam::999988887777:user/bob' } },
    { eventName: 'GetCallerIdentity', eventTime: 't3', userIdentity: { arn: 'arn:aws:iam::111122223333:user/alice' } },
  ];
  assert.equal(eventMatches(events[0], 'assumerole ALICE'), true);
  assert.equal(eventMatches(events[0], 'assumerole bob'), false);
  assert.equal((renderEvents(events, { filter: 'alice' }).match(/<li>/g) ?? []).length, 2);
  assert.match(renderEvents(events, { filter: 'alice' }), /2 of 3 events/);
  assert.equal((renderEvents(events, { errorsOnly: true }).match(/<li>/g) ?? []).length, 1);
  assert.match(renderEvents(events, { filter: 'nothing-like-this' }), /No event of 3 matches the filter/);
});
