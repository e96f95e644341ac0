"""AssumeRole through boto3, against `sts-sim serve` and against moto's in-process mock.

Run by bench/boto3.mjs: python boto3_assume_role.py <url> <canned url> <access key id> <secret>
<role arn> <rounds> <calls per round>, or with `capture` first and no canned url, rounds or
calls: then it prints one real answer of sts-sim (status, headers, body) for the canned server.

The same boto3 client code calls each runner, in interleaved rounds (one round of each in turn),
each after a warm-up, so a busy machine slows them alike. sts-sim answers over HTTP on loopback
from a Node process, with every check enforced (SigV4, the caller's identity policy, the SCPs,
the role's trust policy with its conditions); moto answers inside this process, without checking
the trust policy. Two more runners bound what any server could do through boto3: "boto3 alone"
answers in-process with a canned copy of sts-sim's answer (hooked where moto hooks in,
botocore's before-send event), and "canned HTTP" is a Node server on loopback that answers every
request with that copy (boto3's HTTP stack and the loopback, without a simulator). Prints one
JSON object.
"""
import json
import sys
import time

import boto3
from botocore.awsrequest import AWSResponse
from botocore.config import Config
from moto import mock_aws

capture = sys.argv[1] == "capture"
args = sys.argv[2:] if capture else sys.argv[1:]
url, canned_url, key_id, secret, role_arn = (args[0], None, *args[1:4]) if capture else args[0:5]
config = Config(retries={"max_attempts": 1})


def calls(client, arn, n):
    """n AssumeRole calls; answers (seconds, how many returned credentials)."""
    ok = 0
    start = time.perf_counter()
    for i in range(n):
        answer = client.assume_role(RoleArn=arn, RoleSessionName=f"bench-{i % 1000}")
        ok += "SessionToken" in answer["Credentials"]
    return time.perf_counter() - start, ok


def sts_sim_client(endpoint=None):
    return boto3.client("sts", endpoint_url=endpoint or url, region_name="us-east-1", aws_access_key_id=key_id, aws_secret_access_key=secret, config=config)


def sts_sim_round(n):
    client = sts_sim_client()
    calls(client, role_arn, 20)
    return calls(client, role_arn, n)


class CannedBody:
    def __init__(self, body):
        self.body = body

    def stream(self, **_):
        yield self.body


def canned_answer():
    """One real answer of sts-sim to AssumeRole: its status, headers and XML body."""
    seen = {}
    client = sts_sim_client()
    client.meta.events.register("after-call.sts.AssumeRole", lambda http_response, **_: seen.update(status=http_response.status_code, headers=dict(http_response.headers), body=http_response.content))
    client.assume_role(RoleArn=role_arn, RoleSessionName="canned")
    return seen


if capture:
    answer = canned_answer()
    print(json.dumps({"status": answer["status"], "headers": answer["headers"], "body": answer["body"].decode()}))
    sys.exit(0)
rounds, per_round = int(args[5]), int(args[6])
ANSWER = canned_answer()


def client_alone_round(n):
    client = sts_sim_client()
    client.meta.events.register("before-send.sts.AssumeRole", lambda request, **_: AWSResponse(request.url, ANSWER["status"], ANSWER["headers"], CannedBody(ANSWER["body"])))
    calls(client, role_arn, 20)
    return calls(client, role_arn, n)


def canned_http_round(n):
    client = sts_sim_client(canned_url)
    calls(client, role_arn, 20)
    return calls(client, role_arn, n)


TRUST = json.dumps({
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::123456789012:root"}, "Action": "sts:AssumeRole"}],
})


def moto_round(n):
    with mock_aws():
        iam = boto3.client("iam", region_name="us-east-1", aws_access_key_id="testing", aws_secret_access_key="testing")
        arn = iam.create_role(RoleName="app-0", AssumeRolePolicyDocument=TRUST)["Role"]["Arn"]
        client = boto3.client("sts", region_name="us-east-1", aws_access_key_id="testing", aws_secret_access_key="testing", config=config)
        calls(client, arn, 20)
        return calls(client, arn, n)


runners = (("sts-sim", sts_sim_round), ("moto", moto_round), ("boto3 alone", client_alone_round), ("canned HTTP", canned_http_round))
totals = {name: [0.0, 0, 0] for name, _ in runners}
for _ in range(rounds):
    for name, run in runners:
        seconds, ok = run(per_round)
        t = totals[name]
        t[0] += seconds
        t[1] += per_round
        t[2] += ok
print(json.dumps({name: {"seconds": t[0], "calls": t[1], "ok": t[2]} for name, t in totals.items()}))
