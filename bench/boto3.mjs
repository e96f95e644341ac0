// AssumeRole through boto3 (botocore's serializer, SigV4 signer and XML parser, over HTTP)
// against `sts-sim serve`, beside moto's in-process mock (`mock_aws`) through the same client:
// runs bench/boto3_assume_role.py in the venv `./x bench` makes (target/venv-bench: boto3 and
// moto pinned there), against a server started here on bench/sts-world.json, and against a
// canned server (a bare Node HTTP server answering every request with a copy of one of
// sts-sim's answers): what boto3 and the loopback cost without a simulator. Prints figures and
// writes target/bench/results-boto3.json; asserts nothing.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Report } from './results.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const PYTHON = `${ROOT}target/venv-bench/bin/python`;
const WORLD = `${ROOT}bench/sts-world.json`;
const ROUNDS = 5;
const PER_ROUND = 300;

if (!existsSync(PYTHON)) throw new Error(`${PYTHON} is missing: \`./x bench\` makes the venv (boto3, moto)`);
const world = JSON.parse(readFileSync(WORLD, 'utf8'));
const account = world.Accounts[0];
const key = account.AccessKeys[0];
const roleArn = account.AuthorizationDetails.RoleDetailList[0].Arn;

/** A canned server: every request answered with `answer` (status, headers, body). */
const CANNED = String.raw`
const { status, headers, body } = JSON.parse(process.env.ANSWER);
const keep = Object.fromEntries(Object.entries(headers).filter(([k]) => !/^(content-length|connection|keep-alive|date|transfer-encoding)$/i.test(k)));
const server = require('node:http').createServer((req, res) => {
  req.resume();
  req.on('end', () => { res.writeHead(status, { ...keep, 'Content-Length': Buffer.byteLength(body) }); res.end(body); });
});
server.listen(0, '127.0.0.1', () => console.log('http://127.0.0.1:' + server.address().port));
process.on('SIGTERM', () => process.exit(0));
`;

/** A server process that prints its URL first; answers { url, stop }. Its log lines are drained. */
function start(args, env = process.env) {
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], env });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  return new Promise((resolve, reject) => {
    let first = '';
    const onData = (d) => {
      first += d;
      const nl = first.indexOf('\n');
      if (nl < 0) return;
      child.stdout.off('data', onData);
      child.stdout.resume(); // keep draining the request log
      resolve({ url: first.slice(0, nl), stop: () => child.kill('SIGTERM') });
    };
    child.stdout.on('data', onData);
    child.on('exit', (code) => reject(new Error(`${args.join(' ')} exited with ${code}: ${stderr}`)));
  });
}

function python(args) {
  const r = spawnSync(PYTHON, [`${ROOT}bench/boto3_assume_role.py`, ...args], { encoding: 'utf8', timeout: 900_000 });
  if (r.status !== 0) throw new Error(`boto3_assume_role.py failed (${r.status ?? r.signal}):\n${r.stdout}\n${r.stderr}`);
  return JSON.parse(r.stdout);
}

const pkg = JSON.parse(readFileSync(`${ROOT}pkg/package.json`, 'utf8'));
const server = await start([`${ROOT}pkg/${pkg.bin['sts-sim']}`, 'serve', '--world', WORLD, '--port', '0', '--seed', '42']);
let canned;
let out;
try {
  const answer = python(['capture', server.url, key.AccessKeyId, key.SecretAccessKey, roleArn]);
  canned = await start(['-e', CANNED], { ...process.env, ANSWER: JSON.stringify(answer) });
  out = python([server.url, canned.url, key.AccessKeyId, key.SecretAccessKey, roleArn, String(ROUNDS), String(PER_ROUND)]);
} finally {
  server.stop();
  canned?.stop();
}

const report = new Report('boto3', 'python');
const rate = (x) => x.calls / x.seconds;
const versions = spawnSync(PYTHON, ['-c', 'import boto3, moto; print(boto3.__version__, moto.__version__)'], { encoding: 'utf8' }).stdout.trim().split(' ');
report.rate('boto3', 'AssumeRole via boto3 → sts-sim serve (HTTP, loopback)', out['sts-sim'].calls, out['sts-sim'].seconds * 1e9, `${out['sts-sim'].ok}/${out['sts-sim'].calls} answered; every check enforced`);
report.rate('boto3', 'AssumeRole via boto3 → moto mock_aws (in-process)', out.moto.calls, out.moto.seconds * 1e9, `${out.moto.ok}/${out.moto.calls} answered; moto ${versions[1]}, trust policy not enforced`);
report.rate('boto3', 'AssumeRole via boto3 → canned HTTP server (Node, loopback)', out['canned HTTP'].calls, out['canned HTTP'].seconds * 1e9, 'boto3 and HTTP without a simulator: the bound for any server');
report.rate('boto3', 'AssumeRole via boto3 alone (canned answer in-process)', out['boto3 alone'].calls, out['boto3 alone'].seconds * 1e9, `boto3 ${versions[0]}: the client's own cost`);
report.text('boto3', 'ratio: sts-sim serve / moto, through boto3', `${(rate(out['sts-sim']) / rate(out.moto)).toFixed(2)}×`, `goal ≥ 3×; ${ROUNDS} interleaved rounds of ${PER_ROUND} calls`);
report.text('boto3', 'ratio: canned HTTP server / moto (any HTTP server\'s bound)', `${(rate(out['canned HTTP']) / rate(out.moto)).toFixed(2)}×`, 'moto answers in-process, without HTTP');
report.write();
