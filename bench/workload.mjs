// The standard policy-evaluation workload (issues "IAM policy language…" and "Measured quality"):
// 10 identity statements with Action/Resource wildcards, StringEquals on aws:PrincipalTag/team,
// Bool on aws:MultiFactorAuthPresent, DateLessThan on aws:CurrentTime, and an SCP with a
// Deny NotAction; 10,000 varied requests from a seeded generator.
// Run directly, it writes target/bench/workload.json for the native benchmark.
import { mkdirSync, writeFileSync } from 'node:fs';
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

export function workload(seed = 42, count = 10_000) {
  const statements = [];
  for (let i = 0; i < 10; i++) {
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

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const out = fileURLToPath(new URL('../target/bench/workload.json', import.meta.url));
  mkdirSync(fileURLToPath(new URL('../target/bench/', import.meta.url)), { recursive: true });
  writeFileSync(out, JSON.stringify(workload()));
  console.log(`wrote ${out}`);
}
