// The STS simulator through the npm package: AssumeRole, then the returned credentials as the
// next caller; determinism; a bad world as a failure value naming its path.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Sim, validatePolicy } from 'sts-sim';

const world = {
  Accounts: [
    {
      AccountId: '111122223333',
      AuthorizationDetails: {
        UserDetailList: [{
          UserName: 'alice',
          UserPolicyList: [{ PolicyName: 'assume', PolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }] } }],
        }],
        RoleDetailList: [{
          RoleName: 'Deploy', RoleId: 'AROADEPLOYEXAMPLE0001',
          AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'sts:AssumeRole' }] },
        }],
      },
      AccessKeys: [{ UserName: 'alice', AccessKeyId: 'AKIARTX3GSDSSUAQEAYE', SecretAccessKey: 'alice/Secret/Key/000000000000000000000000' }],
    },
  ],
};
const alice = { AccessKeyId: 'AKIARTX3GSDSSUAQEAYE', SecretAccessKey: 'alice/Secret/Key/000000000000000000000000' };
const options = { now: '2026-11-25T12:00:00Z', seed: 1 };
const assume = { RoleArn: 'arn:aws:iam::111122223333:role/Deploy', RoleSessionName: 'ci' };

test('AssumeRole, then the credentials call GetCallerIdentity as the assumed role', () => {
  const sim = new Sim(world, options);
  const r = sim.call(alice, 'AssumeRole', assume);
  assert.equal(r.type, 'success');
  assert.match(r.response.Credentials.AccessKeyId, /^ASIA/);
  assert.equal(r.response.Credentials.Expiration, '2026-11-25T13:00:00Z');
  const { AccessKeyId, SecretAccessKey, SessionToken } = r.response.Credentials;
  const who = sim.call({ AccessKeyId, SecretAccessKey, SessionToken }, 'GetCallerIdentity', {});
  assert.deepEqual(who.response, {
    UserId: 'AROADEPLOYEXAMPLE0001:ci', Account: '111122223333', Arn: 'arn:aws:sts::111122223333:assumed-role/Deploy/ci',
  });
  assert.equal(sim.events().length, 2);
  assert.equal(sim.advance(3600), '2026-11-25T13:00:00Z');
  assert.equal(sim.now(), '2026-11-25T13:00:00Z');
  const late = sim.call({ AccessKeyId, SecretAccessKey, SessionToken }, 'GetCallerIdentity');
  assert.deepEqual(late.error, { Type: 'Sender', Code: 'ExpiredToken', Message: 'The security token included in the request is expired' });
});

test('a refusal is a failure value with Type, Code and Message', () => {
  const sim = new Sim(world, options);
  const r = sim.call({ Principal: 'arn:aws:iam::111122223333:root' }, 'AssumeRole', { ...assume, RoleArn: 'arn:aws:iam::111122223333:role/Nope' });
  assert.equal(r.type, 'failure');
  assert.equal(r.error.Code, 'AccessDenied');
  assert.equal(r.error.Message, 'User: arn:aws:iam::111122223333:root is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::111122223333:role/Nope');
});

test('two Sims with the same seed answer byte for byte the same', () => {
  const run = () => {
    const sim = new Sim(world, options);
    const a = sim.call(alice, 'AssumeRole', assume);
    sim.advance(5);
    sim.call(alice, 'GetCallerIdentity');
    return JSON.stringify([a, sim.events()]);
  };
  assert.equal(run(), run());
  const other = new Sim(world, { ...options, seed: 2 });
  assert.notEqual(JSON.stringify(other.call(alice, 'AssumeRole', assume)), JSON.stringify(new Sim(world, options).call(alice, 'AssumeRole', assume)));
});

test('a bad world is a failure naming the path; new Sim throws; the module stays usable', () => {
  const bad = structuredClone(world);
  bad.Accounts[0].AuthorizationDetails.RoleDetailList[0].AssumeRolePolicyDocument = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole' }] };
  const r = Sim.create(bad, options);
  assert.equal(r.type, 'failure');
  assert.ok(r.errors.some((e) => e.path.startsWith('Accounts[0].AuthorizationDetails.RoleDetailList[0].AssumeRolePolicyDocument.Statement[0]')), JSON.stringify(r.errors));
  assert.throws(() => new Sim(bad, options), /AssumeRolePolicyDocument/);
  assert.throws(() => new Sim('nope', options), TypeError);
  assert.equal(Sim.create(world, options).type, 'success');
  assert.equal(validatePolicy({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] }).type, 'success');
  const sim = new Sim(world, options);
  assert.equal(sim.call(alice, 'GetCallerIdentity').response.Arn, 'arn:aws:iam::111122223333:user/alice');
});

test('authorize and revokeOlderSessions', () => {
  const sim = new Sim(world, options);
  const { AccessKeyId, SecretAccessKey, SessionToken } = sim.call(alice, 'AssumeRole', assume).response.Credentials;
  const session = { AccessKeyId, SecretAccessKey, SessionToken };
  const before = sim.authorize(session, { action: 's3:GetObject', resource: 'arn:aws:s3:::b/k' });
  assert.equal(before.decision, 'ImplicitDeny');
  sim.advance(10);
  assert.equal(sim.revokeOlderSessions('arn:aws:iam::111122223333:role/Deploy').type, 'success');
  assert.equal(sim.authorize(session, { action: 's3:GetObject', resource: 'arn:aws:s3:::b/k' }).decision, 'ExplicitDeny');
});
