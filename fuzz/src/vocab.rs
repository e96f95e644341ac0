//! Words the generators draw from: names from the IAM policy grammar, AWS's documented
//! condition keys and operators, and ARNs of the fixture world, with a few near misses.

pub const ACCOUNTS: &[&str] = &["111122223333", "444455556666", "123456789012", "999999999999", "11112222333", "aws", "*", ""];

pub const VERSIONS: &[&str] = &["2012-10-17", "2008-10-17", "2012-10-18", ""];

pub const SIDS: &[&str] = &["Allow1", "Deny2", "AllowAll", "Allow1"];

/// Near misses of every kind of word, for `word` to use now and then.
pub const NEAR_MISSES: &[&str] = &[
    "", ":", "s3", "s3:", ":GetObject", "aws:", "x", "aws:PrincipalTag/", "arn:aws", "arn:aws:s3", "not-an-arn", "Deny_2", "s3 read", "Bogus", "*:*", "${", "arn:aws:iam:::root",
    "arn:aws:iam::111122223333", "AIDAALICEEXAMPLE00001", "11112222333",
];

pub const POLICY_ELEMENTS: &[&str] = &[
    "Version", "Id", "Statement", "Sid", "Effect", "Principal", "NotPrincipal", "Action", "NotAction", "Resource", "NotResource", "Condition", "Unknown",
];

pub const ACTIONS: &[&str] = &[
    "*",
    "s3:GetObject",
    "s3:Get*",
    "s3:*Object",
    "s3:ListBucket",
    "s3:PutObject",
    "s3:*",
    "S3:getobject",
    "ec2:Describe*",
    "ec2:RunInstances",
    "iam:PassRole",
    "iam:CreateUser",
    "kms:Decrypt",
    "kms:*",
    "sts:AssumeRole",
    "sts:AssumeRoleWithWebIdentity",
    "sts:AssumeRoleWithSAML",
    "sts:TagSession",
    "sts:SetSourceIdentity",
    "sts:GetCallerIdentity",
    "sts:DecodeAuthorizationMessage",
    "sts:*",
    "s3:Get?bject",
    "dynamodb:Query",
    "lambda:InvokeFunction",
];

pub const TRUST_ACTIONS: &[&str] = &[
    "sts:AssumeRole",
    "sts:AssumeRoleWithWebIdentity",
    "sts:AssumeRoleWithSAML",
    "sts:TagSession",
    "sts:SetSourceIdentity",
    "sts:SetContext",
    "sts:*",
    "*",
    "s3:GetObject",
];

pub const RESOURCES: &[&str] = &[
    "*",
    "arn:aws:s3:::data",
    "arn:aws:s3:::data/*",
    "arn:aws:s3:::data/${aws:username}/*",
    "arn:aws:s3:::data/${aws:PrincipalTag/team}/*",
    "arn:aws:s3:::data/${*}${?}${$}",
    "arn:aws:s3:::data/${aws:username, 'default'}",
    "arn:${aws:partition}:s3:::data",
    "arn:aws:s3:::d?t?/*",
    "arn:aws:iam::111122223333:role/*",
    "arn:aws:iam::111122223333:role/Admin",
    "arn:aws:iam::111122223333:user/alice",
    "arn:aws:iam::*:role/*",
    "arn:aws:ec2:us-east-1:111122223333:instance/i-0abc",
    "arn:aws:kms:us-east-1:111122223333:key/1234abcd",
    "arn:aws:sts::111122223333:assumed-role/Admin/s",
    "arn:aws:dynamodb:*:*:table/T",
    "arn:aws:s3:::",
    "arn:*",
];

pub const AWS_PRINCIPALS: &[&str] = &[
    "arn:aws:iam::111122223333:root",
    "arn:aws:iam::111122223333:user/alice",
    "arn:aws:iam::111122223333:user/bob",
    "arn:aws:iam::111122223333:role/Admin",
    "arn:aws:iam::111122223333:role/path/Deploy",
    "arn:aws:sts::111122223333:assumed-role/Admin/session",
    "arn:aws:sts::111122223333:federated-user/fred",
    "arn:aws:iam::444455556666:root",
    "arn:aws:iam::444455556666:user/paul",
    "arn:aws-cn:iam::111122223333:root",
    "111122223333",
    "444455556666",
    "*",
    "anonymous",
    "ec2.amazonaws.com",
    "accounts.google.com",
    "cognito-identity.amazonaws.com",
    "arn:aws:iam::111122223333:user/*",
];

/// Callers by ARN (the `{ Principal }` shortcut): long-term identities of the fixture world.
pub const CALLER_PRINCIPALS: &[&str] = &[
    "arn:aws:iam::111122223333:user/alice",
    "arn:aws:iam::111122223333:root",
    "arn:aws:iam::111122223333:user/carol",
    "arn:aws:iam::444455556666:root",
    "arn:aws:iam::111122223333:user/bob",
    "arn:aws:iam::111122223333:role/Admin",
    "arn:aws:sts::111122223333:assumed-role/Admin/s",
    "",
];

pub const SERVICE_PRINCIPALS: &[&str] =
    &["ec2.amazonaws.com", "lambda.amazonaws.com", "cloud9.amazonaws.com", "s3.amazonaws.com", "*.amazonaws.com", "ec2", "amazonaws.com", "states.us-east-1.amazonaws.com"];

pub const FEDERATED_PRINCIPALS: &[&str] = &[
    "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com",
    "arn:aws:iam::111122223333:oidc-provider/keys.example.com",
    "arn:aws:iam::111122223333:oidc-provider/rsa.example.com",
    "arn:aws:iam::111122223333:saml-provider/KeyedIdP",
    "arn:aws:iam::111122223333:saml-provider/OtherKeyIdP",
    "arn:aws:iam::111122223333:saml-provider/",
    "cognito-identity.amazonaws.com",
    "accounts.google.com",
    "www.amazon.com",
    "graph.facebook.com",
    "https://keys.example.com",
    "keys.example.com",
    "111122223333",
];

pub const CANONICAL_USERS: &[&str] = &["79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be", ""];

pub const OPERATORS: &[&str] = &[
    "StringEquals",
    "StringNotEquals",
    "StringEqualsIgnoreCase",
    "StringNotEqualsIgnoreCase",
    "StringLike",
    "StringNotLike",
    "NumericEquals",
    "NumericNotEquals",
    "NumericLessThan",
    "NumericLessThanEquals",
    "NumericGreaterThan",
    "NumericGreaterThanEquals",
    "DateEquals",
    "DateNotEquals",
    "DateLessThan",
    "DateLessThanEquals",
    "DateGreaterThan",
    "DateGreaterThanEquals",
    "Bool",
    "BinaryEquals",
    "IpAddress",
    "NotIpAddress",
    "ArnEquals",
    "ArnLike",
    "ArnNotEquals",
    "ArnNotLike",
    "Null",
    "StringEqualsIfExists",
];

pub const CONDITION_KEYS: &[&str] = &[
    "aws:PrincipalTag/team",
    "aws:PrincipalTag/Project",
    "aws:RequestTag/Project",
    "aws:ResourceTag/team",
    "aws:TagKeys",
    "aws:MultiFactorAuthPresent",
    "aws:MultiFactorAuthAge",
    "aws:CurrentTime",
    "aws:EpochTime",
    "aws:TokenIssueTime",
    "aws:SourceIp",
    "aws:SourceVpc",
    "aws:SecureTransport",
    "aws:username",
    "aws:userid",
    "aws:PrincipalArn",
    "aws:PrincipalAccount",
    "aws:PrincipalOrgID",
    "aws:PrincipalOrgPaths",
    "aws:PrincipalType",
    "aws:PrincipalIsAWSService",
    "aws:PrincipalServiceName",
    "aws:ResourceAccount",
    "aws:ResourceOrgID",
    "aws:SourceAccount",
    "aws:SourceArn",
    "aws:CalledVia",
    "aws:ViaAWSService",
    "aws:FederatedProvider",
    "aws:RequestedRegion",
    "aws:SourceIdentity",
    "aws:referer",
    "s3:prefix",
    "s3:max-keys",
    "kms:EncryptionContext:dept",
    "sts:ExternalId",
    "sts:RoleSessionName",
    "sts:SourceIdentity",
    "sts:TransitiveTagKeys",
    "token.actions.githubusercontent.com:sub",
    "token.actions.githubusercontent.com:aud",
    "keys.example.com:sub",
    "accounts.google.com:aud",
    "cognito-identity.amazonaws.com:amr",
    "saml:aud",
    "saml:sub",
    "SAML:edupersonaffiliation",
    "saml:namequalifier",
    "AWS:SourceIp",
];

pub const CONDITION_VALUES: &[&str] = &[
    "team-a",
    "Blue",
    "true",
    "false",
    "TRUE",
    "2026-01-01T00:00:00Z",
    "2026-11-25T12:00:00.123+02:00",
    "2026-11-25",
    "1795608000",
    "1700000000000",
    "3600",
    "-1",
    "0",
    "1e3",
    "0x10",
    "1.5",
    "10.0.0.0/8",
    "203.0.113.0/24",
    "203.0.113.5",
    "192.168.1.1/33",
    "::1/128",
    "2001:db8::/32",
    "::ffff:203.0.113.5",
    "arn:aws:iam::*:role/*",
    "arn:aws:iam::111122223333:root",
    "arn:aws:s3:::data/*",
    "${aws:username}",
    "${aws:PrincipalTag/team}",
    "${",
    "*",
    "?",
    "",
    "dGVzdA==",
    "o-a1b2c3d4e5",
    "o-a1b2c3d4e5/r-ab12/*",
    "repo:acme/*",
    "sts.amazonaws.com",
    "alice",
    "AIDAALICEEXAMPLE00001:*",
];

pub const DATES: &[&str] = &[
    "2026-11-25T12:00:00Z",
    "2026-11-25T12:00:00.999Z",
    "2026-11-25T13:00:00+01:00",
    "1970-01-01T00:00:00Z",
    "9999-12-31T23:59:59Z",
    "0000-01-01T00:00:00Z",
    "2026-02-30T00:00:00Z",
    "2026-11-25",
    "1795608000000",
    "-1",
];

pub const ROLE_ARNS: &[&str] = &[
    "arn:aws:iam::111122223333:role/Admin",
    "arn:aws:iam::111122223333:role/MfaRole",
    "arn:aws:iam::111122223333:role/TagRole",
    "arn:aws:iam::111122223333:role/ChainTarget",
    "arn:aws:iam::111122223333:role/LongRole",
    "arn:aws:iam::111122223333:role/SourceIdRole",
    "arn:aws:iam::111122223333:role/Cloud9Role",
    "arn:aws:iam::111122223333:role/KeysIdp",
    "arn:aws:iam::111122223333:role/RsaIdp",
    "arn:aws:iam::111122223333:role/GitHubTagged",
    "arn:aws:iam::111122223333:role/KeyedRole",
    "arn:aws:iam::111122223333:role/SamlTagged",
    "arn:aws:iam::111122223333:role/Deploy",
    "arn:aws:iam::111122223333:role/ReadOnly",
    "arn:aws:iam::444455556666:role/CrossRole",
    "arn:aws:iam::444455556666:role/Admin",
    "arn:aws:iam::111122223333:role/path/Deploy",
    "arn:aws:iam::111122223333:user/alice",
    "arn:aws:iam::111122223333:role/",
    "arn:aws:iam::1111:role/x",
];

pub const POLICY_ARNS: &[&str] = &[
    "arn:aws:iam::aws:policy/AdministratorAccess",
    "arn:aws:iam::aws:policy/root-task/IAMAuditRootUserCredentials",
    "arn:aws:iam::aws:policy/root-task/S3UnlockBucketPolicy",
    "arn:aws:iam::111122223333:policy/Managed0",
    "arn:aws:iam::111122223333:policy/ReadReports",
    "arn:aws:iam::aws:policy/Nope",
];

pub const SESSION_NAMES: &[&str] =
    &["alice", "ci-run_1", "a", "a=b,c.d@e-f", "bad name", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"];

pub const TAG_KEYS: &[&str] = &["Project", "team", "cost-center", "aws:reserved", "Team", "", "a:b/c=d+e-f@g.h_i"];
pub const TAG_VALUES: &[&str] = &["Blue", "team-a", "", "CC-12", "a b"];
pub const TOKEN_CODES: &[&str] = &["123456", "000000", "12345", "abcdef", "Unicorn1", "282760"];
pub const SERIAL_NUMBERS: &[&str] = &["arn:aws:iam::111122223333:mfa/carol", "GAHT12345678", "arn:aws:iam::111122223333:mfa/", "x"];
pub const ACCESS_KEY_IDS: &[&str] = &["AKIARTX3GSDSSUAQEAYE", "ASIAY34FZKBOKMUTVV7A", "AKIAIOSFODNN7EXAMPLE", "AKIAI44QH8DHBEXAMPLE", "AKIA", "ASIA0000000000000000"];
pub const AUDIENCES: &[&str] = &["example-app", "sts.amazonaws.com", "https://api.example.com", "", "*"];
pub const OIDC_URLS: &[&str] = &["https://keys.example.com", "https://token.actions.githubusercontent.com", "https://idp.example.com/", "http://x", "keys.example.com", ""];
pub const REGIONS: &[&str] = &["us-east-1", "eu-west-1", "ap-east-1", "me-south-1", "af-south-1", "cn-north-1", "us-gov-west-1", "mars-1", ""];

pub const PARAM_NAMES: &[&str] = &["RoleArn", "Roles", "Policy", "DurationSeconds", "Unknown", "Tags.member.1.Key", ""];

pub const WORLD_FIELDS: &[&str] = &["AccountId", "Alias", "Policies", "AuthorizationDetails", "AccessKeys", "Unknown"];

/// JSON numbers at the edges of what IAM and STS read (durations, epochs, integer limits).
pub const EDGE_NUMBERS: &[&str] = &[
    "0",
    "-1",
    "900",
    "3600",
    "43200",
    "129600",
    "9223372036854775807",
    "-9223372036854775808",
    "18446744073709551615",
    "1e308",
    "-0.5",
    "1795608000000",
    "253402300799999",
    "4294967296",
];
