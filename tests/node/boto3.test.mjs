// boto3 (botocore's own Query serializer, SigV4 signer and XML parser) against `sts-sim serve`.
// The venv is made once under target/venv-boto3 with boto3 pinned; if it cannot be made (no
// network for pip), the test fails: nothing is skipped.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, WORLD_FILE, serve } from './support/serve.mjs';

const BOTO3 = '1.44.8';
const VENV = join(ROOT, 'target', 'venv-boto3');
const PYTHON = join(VENV, 'bin', 'python');

function run(cmd, args, timeout = 600_000) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status ?? r.signal}):\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

function ensureBoto3() {
  const has = existsSync(PYTHON) && spawnSync(PYTHON, ['-c', `import boto3, sys; sys.exit(boto3.__version__ != '${BOTO3}')`]).status === 0;
  if (has) return;
  if (!existsSync(PYTHON)) run('python3', ['-m', 'venv', VENV]);
  run(PYTHON, ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', `boto3==${BOTO3}`]);
}

const FLOW = String.raw`
import json, sys
import boto3
from botocore.exceptions import ClientError

url = sys.argv[1]
def sts(**creds):
    return boto3.client("sts", endpoint_url=url, region_name="us-east-1", **creds)

alice = sts(aws_access_key_id="AKIARTX3GSDSSUAQEAYE", aws_secret_access_key="alice/Secret/Key/000000000000000000000000")
out = {"alice": alice.get_caller_identity()["Arn"]}
c = alice.assume_role(RoleArn="arn:aws:iam::111122223333:role/Deploy", RoleSessionName="boto")["Credentials"]
role = sts(aws_access_key_id=c["AccessKeyId"], aws_secret_access_key=c["SecretAccessKey"], aws_session_token=c["SessionToken"])
who = role.get_caller_identity()
out["role"] = {"Arn": who["Arn"], "UserId": who["UserId"], "Account": who["Account"]}
out["expiration_is_datetime"] = hasattr(c["Expiration"], "tzinfo")
try:
    alice.assume_role(RoleArn="arn:aws:iam::111122223333:role/Admin", RoleSessionName="boto")
    out["denied"] = None
except ClientError as e:
    out["denied"] = {"Code": e.response["Error"]["Code"], "Message": e.response["Error"]["Message"],
                     "Status": e.response["ResponseMetadata"]["HTTPStatusCode"], "RequestId": e.response["ResponseMetadata"]["RequestId"]}
print(json.dumps(out))
`;

let server;
after(async () => { await server?.stop(); });

test('boto3: assume-role, get-caller-identity with the new credentials, AccessDenied as ClientError', async () => {
  ensureBoto3();
  server = await serve(['--world', WORLD_FILE, '--seed', '5']);
  const out = JSON.parse(run(PYTHON, ['-c', FLOW, server.url], 60_000));
  assert.equal(out.alice, 'arn:aws:iam::111122223333:user/alice');
  assert.deepEqual(out.role, { Arn: 'arn:aws:sts::111122223333:assumed-role/Deploy/boto', UserId: 'AROADEPLOYEXAMPLE0001:boto', Account: '111122223333' });
  assert.equal(out.expiration_is_datetime, true);
  assert.equal(out.denied.Code, 'AccessDenied');
  assert.equal(out.denied.Status, 403);
  assert.equal(out.denied.Message, 'User: arn:aws:iam::111122223333:user/alice is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::111122223333:role/Admin');
  assert.match(out.denied.RequestId, /^[0-9a-f-]{36}$/);
});
