// The standard policy-evaluation workload (issues "IAM policy language…" and "Measured quality"):
// 10 identity statements with Action/Resource wildcards, StringEquals on aws:PrincipalTag/team,
// Bool on aws:MultiFactorAuthPresent, DateLessThan on aws:CurrentTime, and an SCP with a
// Deny NotAction; 10,000 varied requests from a seeded generator. The scaling inputs come from
// the same generators: the policy set with 10, 100 and 1,000 identity statements (the same
// requests), and bench/sts-world.json with its roles replaced by 10, 1,000 or 10,000 of them.
// Run directly, it writes them all to target/bench/ for the native benchmarks.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const services = ['s3', 'ec2', 'dynamodb', 'sqs', 'lambda'];
const verbs = ['Get', 'Put', 'List', 'Describe', 'Delete'];
const teams = ['red', 'blue', 'green'];

/** The standard workload (`statementCount` 10); larger counts repeat the same statement shapes. */
export function workload(seed = 42, count = 10_000, statementCount = 10) {
  const statements = [];
  for (let i = 0; i < statementCount; i++) {
    const service = services[i % services.length];
    const statement = {
      Sid: `S${i}`,
      Effect: 'Allow',
      Action: [`${service}:${verbs[i % verbs.length]}*`, `${service}:${verbs[(i + 1) % verbs.length]}Item*`],
      Resource: `arn:aws:${service}:*:111122223333:${teams[i % teams.length]}-*`,
      Condition: { StringEquals: { 'aws:PrincipalTag/team': teams[i % teams.length] } },
    };
    if (i % 2 === 0) statement.Condition.Bool = { 'aws:MultiFactorAuthPresent': 'true' };
    if (i % 3 === 0) statement.Condition.DateLessThan = { 'aws:CurrentTime': '2030-01-01T00:00:00Z' };
    statements.push(statement);
  }
  const identity = [{ Version: '2012-10-17', Statement: statements }];
  const scp = [[
    { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] },
    { Version: '2012-10-17', Statement: [{ Effect: 'Deny', NotAction: ['s3:*', 'ec2:*', 'dynamodb:*', 'sqs:*'], Resource: '*' }] },
  ]];
  const random = mulberry32(seed);
  const pick = (list) => list[Math.floor(random() * list.length)];
  const requests = [];
  for (let i = 0; i < count; i++) {
    const service = pick(services);
    const team = pick(teams);
    requests.push({
      principal: 'arn:aws:iam::111122223333:user/alice',
      action: `${service}:${pick(verbs)}${pick(['Object', 'Item', 'Queue', 'Function', 'Instances'])}`,
      resource: `arn:aws:${service}:us-east-1:111122223333:${random() < 0.8 ? team : pick(teams)}-${Math.floor(random() * 1000)}`,
      context: {
        'aws:PrincipalTag/team': team,
        'aws:MultiFactorAuthPresent': random() < 0.7,
        'aws:CurrentTime': random() < 0.9 ? '2026-11-25T12:00:00Z' : '2031-01-01T00:00:00Z',
      },
    });
  }
  return { policies: { identity, scp }, requests };
}

export const STATEMENT_COUNTS = [10, 100, 1_000];
export const ROLE_COUNTS = [10, 1_000, 10_000];

/**
 * bench/sts-world.json with the roles of its first account replaced by `roles` copies of its
 * first role (`app-0` … `app-<roles-1>`, ids derived by the loader) and the other accounts'
 * roles removed: a world of exactly `roles` roles that the first account's users may assume.
 */
export function scalingWorld(roles) {
  const world = JSON.parse(readFileSync(new URL('./sts-world.json', import.meta.url), 'utf8'));
  const [first, ...others] = world.Accounts;
  const details = first.AuthorizationDetails;
  const template = details.RoleDetailList[0];
  details.RoleDetailList = Array.from({ length: roles }, (_, i) => {
    const { RoleId: _id, ...role } = structuredClone(template);
    return { ...role, RoleName: `app-${i}`, Arn: `arn:aws:iam::${first.AccountId}:role/app-${i}` };
  });
  for (const a of others) a.AuthorizationDetails.RoleDetailList = [];
  return world;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const dir = fileURLToPath(new URL('../target/bench/', import.meta.url));
  mkdirSync(dir, { recursive: true });
  writeFileSync(`${dir}workload.json`, JSON.stringify(workload()));
  for (const n of STATEMENT_COUNTS) writeFileSync(`${dir}workload-${n}.json`, JSON.stringify(workload(42, 10_000, n).policies));
  for (const n of ROLE_COUNTS) writeFileSync(`${dir}world-${n}.json`, JSON.stringify(scalingWorld(n)));
  console.log(`wrote the workload and scaling inputs to ${dir}`);
}
