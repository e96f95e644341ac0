// The examples gallery: each example is a complete setup (documents plus the request or STS
// call) and the outcome AWS gives for it, which the tests assert. DOM-free.
//
// "authorize" examples run through `simulate` (available now); "sts" examples need the
// simulator (`Sim`) and say so when it is missing from the build.

const policy = (...Statement) => JSON.stringify({ Version: '2012-10-17', Statement }, null, 2);
const doc = (name, kind, text) => ({ name, kind, text });

const DEV = '111122223333';
const PROD = '444455556666';
const VENDOR = '999988887777';
const alice = `arn:aws:iam::${DEV}:user/alice`;

export const EXAMPLES = [
  {
    id: 'cross-account-role',
    title: 'Cross-account role',
    summary: `alice in ${DEV} assumes the Deploy role in ${PROD}: across accounts both her identity policy and the role's trust policy must allow it.`,
    panel: 'authorize',
    docs: [
      doc('Deploy trust policy', 'trust', policy({ Sid: 'TrustTheDevAccount', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${DEV}:root` }, Action: 'sts:AssumeRole' })),
      doc('alice identity policy', 'identity', policy({ Sid: 'AssumeDeploy', Effect: 'Allow', Action: 'sts:AssumeRole', Resource: `arn:aws:iam::${PROD}:role/Deploy` })),
    ],
    request: { principal: alice, action: 'sts:AssumeRole', resource: `arn:aws:iam::${PROD}:role/Deploy`, context: [] },
    expect: { decision: 'Allow' },
  },
  {
    id: 'third-party-external-id',
    title: 'Third party with ExternalId',
    summary: 'A vendor may assume the role only with the ExternalId agreed with it; here it sends the wrong one.',
    panel: 'authorize',
    docs: [
      doc('VendorAccess trust policy', 'trust', policy({ Sid: 'VendorWithExternalId', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${VENDOR}:root` }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'sts:ExternalId': 'Unicorn-2f9c' } } })),
      doc('vendor identity policy', 'identity', policy({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' })),
    ],
    request: { principal: `arn:aws:sts::${VENDOR}:assumed-role/VendorIntegration/sync`, action: 'sts:AssumeRole', resource: `arn:aws:iam::${PROD}:role/VendorAccess`, context: [['sts:ExternalId', 'Unicorn-0000']] },
    expect: { decision: 'ImplicitDeny' },
  },
  {
    id: 'mfa-protected-role',
    title: 'MFA-protected role',
    summary: 'The trust policy requires MFA; alice signed in without it, so the key is absent and the condition is false.',
    panel: 'authorize',
    docs: [
      doc('Admin trust policy', 'trust', policy({ Sid: 'RequireMfa', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${DEV}:root` }, Action: 'sts:AssumeRole', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } })),
      doc('alice identity policy', 'identity', policy({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: `arn:aws:iam::${DEV}:role/Admin` })),
    ],
    request: { principal: alice, action: 'sts:AssumeRole', resource: `arn:aws:iam::${DEV}:role/Admin`, context: [] },
    expect: { decision: 'ImplicitDeny', hint: 'missingKey' },
  },
  {
    id: 'abac-session-tags',
    title: 'ABAC with session tags',
    summary: 'A role session tagged project=apollo may stop only instances tagged project=apollo.',
    panel: 'authorize',
    docs: [
      doc('Developer identity policy', 'identity', policy({ Sid: 'StopOwnProjectInstances', Effect: 'Allow', Action: ['ec2:StartInstances', 'ec2:StopInstances'], Resource: '*', Condition: { StringEquals: { 'aws:ResourceTag/project': '${aws:PrincipalTag/project}' } } })),
    ],
    request: {
      principal: `arn:aws:sts::${DEV}:assumed-role/Developer/alice`,
      action: 'ec2:StopInstances',
      resource: `arn:aws:ec2:eu-west-1:${DEV}:instance/i-0abc123def4567890`,
      context: [['aws:PrincipalTag/project', 'apollo'], ['aws:ResourceTag/project', 'apollo']],
    },
    expect: { decision: 'Allow' },
  },
  {
    id: 'scp-region-deny',
    title: 'SCP region deny',
    summary: 'The organization denies everything outside us-east-1 and eu-west-1 (global services excepted); alice launches an instance in ap-south-1.',
    panel: 'authorize',
    docs: [
      doc('RegionGuard SCP', 'scp', policy(
        { Sid: 'FullAWSAccess', Effect: 'Allow', Action: '*', Resource: '*' },
        { Sid: 'DenyOutsideApprovedRegions', Effect: 'Deny', NotAction: ['iam:*', 'sts:*', 'organizations:*', 'support:*'], Resource: '*', Condition: { StringNotEquals: { 'aws:RequestedRegion': ['us-east-1', 'eu-west-1'] } } },
      )),
      doc('alice identity policy', 'identity', policy({ Effect: 'Allow', Action: 'ec2:*', Resource: '*' })),
    ],
    request: { principal: alice, action: 'ec2:RunInstances', resource: `arn:aws:ec2:ap-south-1:${DEV}:instance/*`, context: [['aws:RequestedRegion', 'ap-south-1']] },
    expect: { decision: 'ExplicitDeny' },
  },
  {
    id: 'permissions-boundary',
    title: 'Permissions boundary caps an admin',
    summary: 'alice has AdministratorAccess, but her boundary allows only S3: creating a user is denied.',
    panel: 'authorize',
    docs: [
      doc('AdministratorAccess', 'identity', policy({ Effect: 'Allow', Action: '*', Resource: '*' })),
      doc('S3OnlyBoundary', 'boundary', policy({ Sid: 'S3Only', Effect: 'Allow', Action: 's3:*', Resource: '*' })),
    ],
    request: { principal: alice, action: 'iam:CreateUser', resource: `arn:aws:iam::${DEV}:user/mallory`, context: [] },
    expect: { decision: 'ImplicitDeny' },
  },
];

// ---------------------------------------------------------------------------------------------
// STS examples: a world (the shape `aws iam get-account-authorization-details` prints, per
// account) and a call. They run once the simulator (`Sim`) is in the build.

const trustDoc = (...Statement) => ({ Version: '2012-10-17', Statement });
const role = (account, RoleName, trust, { inline = [], tags = [], path = '/', max } = {}) => ({
  Path: path, RoleName, RoleId: `AROA${RoleName.toUpperCase().padEnd(17, 'X').slice(0, 17)}`, Arn: `arn:aws:iam::${account}:role${path}${RoleName}`,
  CreateDate: '2024-01-01T00:00:00Z', AssumeRolePolicyDocument: trust, InstanceProfileList: [],
  RolePolicyList: inline.map(([PolicyName, PolicyDocument]) => ({ PolicyName, PolicyDocument })), AttachedManagedPolicies: [], Tags: tags,
  ...(max ? { MaxSessionDuration: max } : {}),
});
const user = (account, UserName, inline = []) => ({
  Path: '/', UserName, UserId: `AIDA${UserName.toUpperCase().padEnd(17, 'X').slice(0, 17)}`, Arn: `arn:aws:iam::${account}:user/${UserName}`,
  CreateDate: '2024-01-01T00:00:00Z', GroupList: [], AttachedManagedPolicies: [], Tags: [],
  UserPolicyList: inline.map(([PolicyName, PolicyDocument]) => ({ PolicyName, PolicyDocument })),
});
const account = (AccountId, Alias, { users = [], roles = [], mfa = [], oidc = [], saml = [] } = {}) => ({
  AccountId, Alias,
  AuthorizationDetails: { UserDetailList: users, GroupDetailList: [], RoleDetailList: roles, Policies: [] },
  MFADevices: mfa, AccessKeys: [], OpenIDConnectProviders: oidc, SAMLProviders: saml,
});
const allowAssume = (Resource) => ['AssumeRoles', trustDoc({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource })];
const worldDoc = (world) => doc('world', 'world', JSON.stringify(world, null, 2));

const twoAccounts = {
  Accounts: [
    account(DEV, 'dev', { users: [user(DEV, 'alice', [allowAssume('*')])], mfa: [{ UserName: 'alice', SerialNumber: `arn:aws:iam::${DEV}:mfa/alice`, Base32StringSeed: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP' }] }),
    account(PROD, 'prod', {
      roles: [
        role(PROD, 'Deploy', trustDoc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${DEV}:root` }, Action: 'sts:AssumeRole' }), { inline: [allowAssume(`arn:aws:iam::${PROD}:role/Audit`)] }),
        role(PROD, 'Audit', trustDoc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${PROD}:role/Deploy` }, Action: 'sts:AssumeRole' })),
        role(PROD, 'Admin', trustDoc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${DEV}:root` }, Action: 'sts:AssumeRole', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } })),
      ],
    }),
  ],
};

const vendorAndAbac = {
  Accounts: [
    // Across accounts, tagging the session needs sts:TagSession on both sides.
    account(DEV, 'dev', { users: [user(DEV, 'alice', [['AssumeAndTag', trustDoc({ Effect: 'Allow', Action: ['sts:AssumeRole', 'sts:TagSession'], Resource: '*' })]])] }),
    account(VENDOR, 'vendor', { users: [user(VENDOR, 'integrator', [allowAssume('*')])] }),
    account(PROD, 'prod', {
      roles: [
        role(PROD, 'VendorAccess', trustDoc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${VENDOR}:root` }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'sts:ExternalId': 'Unicorn-2f9c' } } })),
        role(PROD, 'Developer', trustDoc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${DEV}:root` }, Action: ['sts:AssumeRole', 'sts:TagSession'] }), {
          inline: [['StopOwnProjectInstances', trustDoc({ Effect: 'Allow', Action: ['ec2:StartInstances', 'ec2:StopInstances'], Resource: '*', Condition: { StringEquals: { 'aws:ResourceTag/project': '${aws:PrincipalTag/project}' } } })]],
        }),
      ],
    }),
  ],
};

const oneAccount = {
  Accounts: [
    account(DEV, 'dev', {
      users: [user(DEV, 'alice', [['FederateAndRead', trustDoc({ Effect: 'Allow', Action: ['sts:GetFederationToken', 'sts:DecodeAuthorizationMessage', 's3:GetObject'], Resource: '*' })]])],
      mfa: [{ UserName: 'alice', SerialNumber: `arn:aws:iam::${DEV}:mfa/alice`, Base32StringSeed: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP' }],
    }),
  ],
};
const readReports = JSON.stringify(trustDoc({ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::reports/*' }), null, 2);

EXAMPLES.push(
  {
    id: 'sts-assume-role',
    title: 'AssumeRole across accounts',
    summary: `alice (${DEV}) calls AssumeRole on Deploy in ${PROD} and gets temporary credentials.`,
    panel: 'sts',
    docs: [worldDoc(twoAccounts)],
    call: { operation: 'AssumeRole', caller: { Principal: alice }, params: { RoleArn: `arn:aws:iam::${PROD}:role/Deploy`, RoleSessionName: 'alice-deploy' }, region: 'us-east-1', endpoint: 'regional' },
    expect: { type: 'success' },
    needs: 'Sim',
  },
  {
    id: 'sts-mfa-denied',
    title: 'AssumeRole without MFA',
    summary: 'The Admin role requires MFA; alice calls without a code, and STS answers AccessDenied.',
    panel: 'sts',
    docs: [worldDoc(twoAccounts)],
    call: { operation: 'AssumeRole', caller: { Principal: alice }, params: { RoleArn: `arn:aws:iam::${PROD}:role/Admin`, RoleSessionName: 'alice-admin' }, region: 'us-east-1', endpoint: 'regional' },
    expect: { type: 'failure', code: 'AccessDenied' },
    needs: 'Sim',
  },
  {
    id: 'sts-mfa',
    title: 'AssumeRole with MFA',
    summary: "alice calls with her virtual MFA device's serial number and the code it shows now (the playground computes it at the simulated time).",
    panel: 'sts',
    docs: [worldDoc(twoAccounts)],
    call: { operation: 'AssumeRole', caller: { Principal: alice }, params: { RoleArn: `arn:aws:iam::${PROD}:role/Admin`, RoleSessionName: 'alice-admin', SerialNumber: `arn:aws:iam::${DEV}:mfa/alice`, TokenCodeFromDevice: true }, region: 'us-east-1', endpoint: 'regional' },
    expect: { type: 'success' },
    needs: 'Sim',
  },
  {
    id: 'sts-role-chaining',
    title: 'Role chaining',
    summary: 'alice assumes Deploy, then uses that session to assume Audit asking for 2 hours: a chained session is capped at 1 hour.',
    panel: 'sts',
    docs: [worldDoc(twoAccounts)],
    call: { operation: 'AssumeRole', caller: { Principal: alice }, params: { RoleArn: `arn:aws:iam::${PROD}:role/Deploy`, RoleSessionName: 'alice-deploy' }, region: 'us-east-1', endpoint: 'regional' },
    then: { operation: 'AssumeRole', params: { RoleArn: `arn:aws:iam::${PROD}:role/Audit`, RoleSessionName: 'alice-audit', DurationSeconds: '7200' } },
    expect: { type: 'failure', code: 'ValidationError' },
    needs: 'Sim',
  },
  {
    id: 'sts-external-id',
    title: 'AssumeRole with ExternalId',
    summary: `The vendor's integrator assumes VendorAccess in ${PROD}, passing the ExternalId the trust policy requires.`,
    panel: 'sts',
    docs: [worldDoc(vendorAndAbac)],
    call: { operation: 'AssumeRole', caller: { Principal: `arn:aws:iam::${VENDOR}:user/integrator` }, params: { RoleArn: `arn:aws:iam::${PROD}:role/VendorAccess`, RoleSessionName: 'vendor-sync', ExternalId: 'Unicorn-2f9c' }, region: 'eu-west-1', endpoint: 'regional' },
    expect: { type: 'success' },
    needs: 'Sim',
  },
  {
    id: 'sts-abac-session-tags',
    title: 'Session tags, then act (ABAC)',
    summary: 'alice assumes Developer with the session tag project=apollo, then, as that session, stops an instance tagged project=apollo.',
    panel: 'sts',
    docs: [worldDoc(vendorAndAbac)],
    call: { operation: 'AssumeRole', caller: { Principal: alice }, params: { RoleArn: `arn:aws:iam::${PROD}:role/Developer`, RoleSessionName: 'alice', Tags: [['project', 'apollo', false]] }, region: 'eu-west-1', endpoint: 'regional' },
    then: { operation: 'Authorize', params: { Action: 'ec2:StopInstances', Resource: `arn:aws:ec2:eu-west-1:${PROD}:instance/i-0abc123def4567890`, Context: [['aws:ResourceTag/project', 'apollo']] } },
    expect: { type: 'success', decision: 'Allow' },
    needs: 'Sim',
  },
  {
    id: 'sts-session-token-mfa',
    title: 'GetSessionToken with MFA',
    summary: 'alice trades her long-term identity and an MFA code for temporary credentials whose requests carry aws:MultiFactorAuthPresent.',
    panel: 'sts',
    docs: [worldDoc(oneAccount)],
    call: { operation: 'GetSessionToken', caller: { Principal: alice }, params: { DurationSeconds: '43200', SerialNumber: `arn:aws:iam::${DEV}:mfa/alice`, TokenCodeFromDevice: true }, region: 'us-east-1', endpoint: 'regional' },
    expect: { type: 'success' },
    needs: 'Sim',
  },
  {
    id: 'sts-federation-token',
    title: 'Federated user with a session policy',
    summary: 'alice issues credentials for the federated user bob, limited by a session policy to reading reports; the packed policy size is reported.',
    panel: 'sts',
    docs: [worldDoc(oneAccount)],
    call: { operation: 'GetFederationToken', caller: { Principal: alice }, params: { Name: 'bob', Policy: readReports }, region: 'us-east-1', endpoint: 'regional' },
    expect: { type: 'success' },
    needs: 'Sim',
  },
  {
    id: 'sts-decode-message',
    title: 'Decode an authorization message',
    summary: 'alice is denied s3:PutObject; the denial carries an encoded message, which DecodeAuthorizationMessage turns back into the reasons.',
    panel: 'sts',
    docs: [worldDoc(oneAccount)],
    call: { operation: 'Authorize', caller: { Principal: alice }, params: { Action: 's3:PutObject', Resource: 'arn:aws:s3:::reports/q3.csv', Context: [] }, region: 'us-east-1', endpoint: 'regional' },
    then: { operation: 'DecodeAuthorizationMessage', params: {}, encodedMessageFromFirstStep: true },
    expect: { type: 'success' },
    needs: 'Sim',
  },
);

// ---------------------------------------------------------------------------------------------
// Federation and the flows around sessions: web identity (GitHub Actions), SAML, an identity
// broker, revocation, role chaining's cap, passing a role to a service, a third party's
// ExternalId, and the operation people look for that does not exist.

const GITHUB = `arn:aws:iam::${DEV}:oidc-provider/token.actions.githubusercontent.com`;
const SAML_IDP = `arn:aws:iam::${DEV}:saml-provider/ExampleIdP`;
const readAll = ['ReadObjects', trustDoc({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' })];

const federationWorld = {
  Accounts: [account(DEV, 'dev', {
    oidc: [{ Url: 'https://token.actions.githubusercontent.com', ClientIDList: ['sts.amazonaws.com'], ThumbprintList: ['6938fd4d98bab03faadb97b34396831e3780aea1'] }],
    saml: [{ Name: 'ExampleIdP' }],
    roles: [
      // "Configuring a role for GitHub OIDC identity provider": aud exact, sub by pattern.
      role(DEV, 'GitHubDeploy', trustDoc({ Effect: 'Allow', Principal: { Federated: GITHUB }, Action: 'sts:AssumeRoleWithWebIdentity', Condition: { StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' }, StringLike: { 'token.actions.githubusercontent.com:sub': 'repo:acme/app:*' } } }), { inline: [readAll] }),
      role(DEV, 'SamlDeveloper', trustDoc({ Effect: 'Allow', Principal: { Federated: SAML_IDP }, Action: ['sts:AssumeRoleWithSAML', 'sts:TagSession', 'sts:SetSourceIdentity'], Condition: { StringEquals: { 'SAML:aud': 'https://signin.aws.amazon.com/saml' } } }), {
        inline: [readAll, ['ChainToReports', trustDoc({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: `arn:aws:iam::${DEV}:role/Reports` })]],
      }),
      role(DEV, 'Reports', trustDoc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${DEV}:role/SamlDeveloper` }, Action: ['sts:AssumeRole', 'sts:TagSession', 'sts:SetSourceIdentity'] }), { inline: [readAll] }),
    ],
  })],
};
const githubClaims = (sub) => JSON.stringify({ sub, aud: 'sts.amazonaws.com', repository: sub.split(':')[1], ref: 'refs/heads/main', workflow: 'deploy' }, null, 2);

const brokerWorld = {
  Accounts: [account(DEV, 'dev', {
    users: [user(DEV, 'broker', [['Broker', trustDoc({ Effect: 'Allow', Action: ['sts:GetFederationToken', 's3:GetObject', 's3:PutObject'], Resource: '*' })]])],
  })],
};

const sessionsWorld = {
  Accounts: [account(DEV, 'dev', {
    users: [user(DEV, 'alice', [allowAssume('*')]), user(DEV, 'deployer', [['PassAppRole', trustDoc({ Effect: 'Allow', Action: 'iam:PassRole', Resource: `arn:aws:iam::${DEV}:role/service-role/AppInstanceRole`, Condition: { StringEquals: { 'iam:PassedToService': 'ec2.amazonaws.com' } } })]])],
    roles: [
      role(DEV, 'Admin', trustDoc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${DEV}:root` }, Action: 'sts:AssumeRole' }), { inline: [readAll] }),
      // MaxSessionDuration 4 h: the first hop may ask for 2 h; the chained hop may not.
      role(DEV, 'Deploy', trustDoc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${DEV}:root` }, Action: 'sts:AssumeRole' }), { inline: [allowAssume(`arn:aws:iam::${DEV}:role/Audit`)], max: 14400 }),
      role(DEV, 'Audit', trustDoc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${DEV}:role/Deploy` }, Action: 'sts:AssumeRole' }), { max: 14400 }),
      role(DEV, 'AppInstanceRole', trustDoc({ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }), { path: '/service-role/' }),
    ],
  })],
};
const deployer = `arn:aws:iam::${DEV}:user/deployer`;

EXAMPLES.push(
  {
    id: 'github-actions',
    title: 'GitHub Actions web identity',
    summary: 'A workflow in acme/app exchanges its OIDC token for the GitHubDeploy role: aud must be sts.amazonaws.com and sub must match StringLike "repo:acme/app:*". Run mints the token from the claims.',
    panel: 'sts',
    docs: [worldDoc(federationWorld)],
    call: { operation: 'AssumeRoleWithWebIdentity', params: { RoleArn: `arn:aws:iam::${DEV}:role/GitHubDeploy`, RoleSessionName: 'GitHubActions', OidcProvider: GITHUB, Claims: githubClaims('repo:acme/app:ref:refs/heads/main') }, region: 'us-east-1', endpoint: 'regional' },
    expect: { type: 'success' },
    needs: 'Sim',
  },
  {
    id: 'github-actions-case',
    title: 'GitHub Actions: Acme vs acme',
    summary: 'The same workflow, but the claim says "Acme": StringLike compares case-sensitively, so AWS answers AccessDenied; sts-sim\'s trace hints at the case difference.',
    panel: 'sts',
    docs: [worldDoc(federationWorld)],
    call: { operation: 'AssumeRoleWithWebIdentity', params: { RoleArn: `arn:aws:iam::${DEV}:role/GitHubDeploy`, RoleSessionName: 'GitHubActions', OidcProvider: GITHUB, Claims: githubClaims('repo:Acme/app:ref:refs/heads/main') }, region: 'us-east-1', endpoint: 'regional' },
    expect: { type: 'failure', code: 'AccessDenied', hint: true },
    needs: 'Sim',
  },
  {
    id: 'saml-federation',
    title: 'SAML federation',
    summary: 'ExampleIdP signs a SAML response for alice@example.com with session tags (Project transitive) and a source identity; she becomes SamlDeveloper, then chains to Reports: the transitive tag and source identity go along.',
    panel: 'sts',
    docs: [worldDoc(federationWorld)],
    call: {
      operation: 'AssumeRoleWithSAML',
      params: { RoleArn: `arn:aws:iam::${DEV}:role/SamlDeveloper`, PrincipalArn: SAML_IDP, SamlRequest: JSON.stringify({ subject: 'alice@example.com', roles: [`arn:aws:iam::${DEV}:role/SamlDeveloper`], tags: { Project: 'Unicorn', CostCenter: '987654' }, transitiveTagKeys: ['Project'], sourceIdentity: 'alice' }, null, 2) },
      region: 'us-east-1', endpoint: 'regional',
    },
    then: { operation: 'AssumeRole', params: { RoleArn: `arn:aws:iam::${DEV}:role/Reports`, RoleSessionName: 'alice-reports' } },
    expect: { type: 'success' },
    needs: 'Sim',
  },
  {
    id: 'identity-broker',
    title: 'Identity broker (GetFederationToken)',
    summary: 'A broker user issues credentials for its user bob with a session policy allowing reads of reports/*; as bob, reading a report is allowed (the broker\'s permissions ∩ the session policy).',
    panel: 'sts',
    docs: [worldDoc(brokerWorld)],
    call: { operation: 'GetFederationToken', caller: { Principal: `arn:aws:iam::${DEV}:user/broker` }, params: { Name: 'bob', Policy: readReports }, region: 'us-east-1', endpoint: 'regional' },
    then: { operation: 'Authorize', params: { Action: 's3:GetObject', Resource: 'arn:aws:s3:::reports/q3.csv', Context: [] } },
    expect: { type: 'success', decision: 'Allow' },
    needs: 'Sim',
  },
  {
    id: 'revoke-older-sessions',
    title: 'Revoke older sessions',
    summary: 'alice assumes Admin; a minute later the role\'s older sessions are revoked (AWSRevokeOlderSessions): the old session is denied, a session issued afterwards is allowed.',
    panel: 'sts',
    docs: [worldDoc(sessionsWorld)],
    call: { operation: 'AssumeRole', caller: { Principal: alice }, params: { RoleArn: `arn:aws:iam::${DEV}:role/Admin`, RoleSessionName: 'before' }, region: 'us-east-1', endpoint: 'regional' },
    then: [
      { advance: 60 },
      { revokeOlderSessions: `arn:aws:iam::${DEV}:role/Admin` },
      { operation: 'Authorize', params: { Action: 's3:GetObject', Resource: 'arn:aws:s3:::reports/q3.csv', Context: [] } },
      { advance: 1 },
      { operation: 'AssumeRole', as: 'caller', params: { RoleArn: `arn:aws:iam::${DEV}:role/Admin`, RoleSessionName: 'after' } },
      { operation: 'Authorize', as: 'latest', params: { Action: 's3:GetObject', Resource: 'arn:aws:s3:::reports/q3.csv', Context: [] } },
    ],
    expect: { type: 'success', decision: 'Allow', steps: ['ExplicitDeny', 'Allow'] },
    needs: 'Sim',
  },
  {
    id: 'role-chaining-cap',
    title: 'Role chaining: 1-hour cap',
    summary: 'alice gets 2 hours on Deploy (its maximum is 4); Deploy\'s session then assumes Audit, and a chained session lasts at most 1 hour — the diagram shows both.',
    panel: 'sts',
    docs: [worldDoc(sessionsWorld)],
    call: { operation: 'AssumeRole', caller: { Principal: alice }, params: { RoleArn: `arn:aws:iam::${DEV}:role/Deploy`, RoleSessionName: 'alice-deploy', DurationSeconds: '7200' }, region: 'us-east-1', endpoint: 'regional' },
    then: { operation: 'AssumeRole', params: { RoleArn: `arn:aws:iam::${DEV}:role/Audit`, RoleSessionName: 'alice-audit' } },
    expect: { type: 'success', chain: ['2 h', '1 h'] },
    needs: 'Sim',
  },
  {
    id: 'pass-role',
    title: 'Service role with iam:PassRole',
    summary: 'deployer may pass AppInstanceRole only to EC2 (iam:PassedToService); passing it to ec2.amazonaws.com is allowed.',
    panel: 'sts',
    docs: [worldDoc(sessionsWorld)],
    call: { operation: 'Authorize', caller: { Principal: deployer }, params: { Action: 'iam:PassRole', Resource: `arn:aws:iam::${DEV}:role/service-role/AppInstanceRole`, Context: [['iam:PassedToService', 'ec2.amazonaws.com']] }, region: 'us-east-1', endpoint: 'regional' },
    expect: { type: 'success', decision: 'Allow' },
    needs: 'Sim',
  },
  {
    id: 'pass-role-other-service',
    title: 'iam:PassRole to another service',
    summary: 'The same role passed to Lambda: the condition is false, so nothing allows it.',
    panel: 'sts',
    docs: [worldDoc(sessionsWorld)],
    call: { operation: 'Authorize', caller: { Principal: deployer }, params: { Action: 'iam:PassRole', Resource: `arn:aws:iam::${DEV}:role/service-role/AppInstanceRole`, Context: [['iam:PassedToService', 'lambda.amazonaws.com']] }, region: 'us-east-1', endpoint: 'regional' },
    expect: { type: 'success', decision: 'ImplicitDeny' },
    needs: 'Sim',
  },
  {
    id: 'sts-external-id-wrong',
    title: 'AssumeRole with the wrong ExternalId',
    summary: 'The vendor sends an ExternalId other than the one agreed: the trust policy\'s sts:ExternalId condition is false, and STS answers AccessDenied.',
    panel: 'sts',
    docs: [worldDoc(vendorAndAbac)],
    call: { operation: 'AssumeRole', caller: { Principal: `arn:aws:iam::${VENDOR}:user/integrator` }, params: { RoleArn: `arn:aws:iam::${PROD}:role/VendorAccess`, RoleSessionName: 'vendor-sync', ExternalId: 'Unicorn-0000' }, region: 'eu-west-1', endpoint: 'regional' },
    expect: { type: 'failure', code: 'AccessDenied' },
    needs: 'Sim',
  },
  {
    id: 'assume-role-with-jwt',
    title: 'AssumeRoleWithJWT does not exist',
    summary: 'There is no AssumeRoleWithJWT in AWS STS: it answers InvalidAction, and the message names the two real JWT operations — AssumeRoleWithWebIdentity (a JWT into AWS) and GetWebIdentityToken (a JWT out of AWS).',
    panel: 'sts',
    docs: [worldDoc(federationWorld)],
    call: { operation: 'AssumeRoleWithJWT', params: { RoleArn: `arn:aws:iam::${DEV}:role/GitHubDeploy`, RoleSessionName: 'GitHubActions', WebIdentityToken: 'eyJhbGciOiJFUzI1NiJ9.e30.c2ln' }, region: 'us-east-1', endpoint: 'regional' },
    expect: { type: 'failure', code: 'InvalidAction', instead: 'AssumeRoleWithWebIdentity' },
    needs: 'Sim',
  },
);

// ---------------------------------------------------------------------------------------------
// A role in the caller's own account, and the rest of STS: a JWT out of AWS (GetWebIdentityToken,
// the opposite direction of AssumeRoleWithWebIdentity), centralized root access (AssumeRoot), and
// GetDelegatedAccessToken, where AWS's documentation stops short (the world lists its trade-in tokens).

const sameAccountWorld = {
  Accounts: [account(DEV, 'dev', {
    users: [user(DEV, 'alice', [allowAssume(`arn:aws:iam::${DEV}:role/ReadOnly`)])],
    roles: [role(DEV, 'ReadOnly', trustDoc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${DEV}:root` }, Action: 'sts:AssumeRole' }), { inline: [readAll] })],
  })],
};
const PARTNER_API = 'https://api.partner.example';
const outboundWorld = {
  Organization: { Id: 'o-a1b2c3d4e5', ManagementAccount: DEV, CentralizedRootAccess: { Enabled: true }, Root: { Accounts: [DEV, PROD] } },
  Accounts: [
    {
      ...account(DEV, 'management', {
        users: [
          // "Configure IAM permissions": sts:GetWebIdentityToken, narrowed by the token's audience and algorithm.
          user(DEV, 'alice', [['TokensForThePartnerApi', trustDoc({ Effect: 'Allow', Action: 'sts:GetWebIdentityToken', Resource: '*', Condition: { 'ForAllValues:StringEquals': { 'sts:IdentityTokenAudience': [PARTNER_API] }, StringEquals: { 'sts:SigningAlgorithm': 'ES384' } } })]]),
          user(DEV, 'root-admin', [['AssumeRoot', trustDoc({ Effect: 'Allow', Action: 'sts:AssumeRoot', Resource: '*' })]]),
        ],
      }),
      OutboundWebIdentityFederation: { Enabled: true },
    },
    account(PROD, 'member'),
  ],
};

// GetDelegatedAccessToken: AWS documents the exchange but not the trade-in token, so the world
// lists the tokens a delegation handed out (TradeInTokens, sts-sim's fixture; schema/world.schema.json).
// The simulated clock starts at 2025-01-01T00:00:00Z: this token lives 10 minutes.
const TRADE_IN_TOKEN = 'trade-in-example-0001';
const TRADE_IN_EXPIRES = '2025-01-01T00:10:00Z';
const partnerApp = `arn:aws:iam::${VENDOR}:user/partner-app`;
const delegationWorld = {
  Accounts: [
    {
      ...account(DEV, 'customer', {
        roles: [role(DEV, 'PartnerAccess', trustDoc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${DEV}:root` }, Action: 'sts:AssumeRole' }), {
          inline: [['ReportsReadWrite', trustDoc({ Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], Resource: 'arn:aws:s3:::reports/*' })]],
        })],
      }),
      TradeInTokens: [{
        TradeInToken: TRADE_IN_TOKEN, RoleArn: `arn:aws:iam::${DEV}:role/PartnerAccess`, RoleSessionName: 'partner-delegation', ExpiresAt: TRADE_IN_EXPIRES, DurationSeconds: 1800,
        // The delegated permissions: reading reports, not writing them.
        Policy: trustDoc({ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::reports/*' }),
      }],
    },
    account(VENDOR, 'partner', { users: [user(VENDOR, 'partner-app')] }),
  ],
};

EXAMPLES.push(
  {
    id: 'same-account-role',
    title: 'Same-account role',
    summary: `alice assumes ReadOnly in her own account ${DEV}: the trust policy trusts the account, and her identity policy allows sts:AssumeRole on the role.`,
    panel: 'sts',
    docs: [worldDoc(sameAccountWorld)],
    call: { operation: 'AssumeRole', caller: { Principal: alice }, params: { RoleArn: `arn:aws:iam::${DEV}:role/ReadOnly`, RoleSessionName: 'alice-readonly' }, region: 'us-east-1', endpoint: 'regional' },
    expect: { type: 'success' },
    needs: 'Sim',
  },
  {
    id: 'outbound-web-identity-token',
    title: 'GetWebIdentityToken: a JWT out of AWS',
    summary: `The other JWT direction: alice asks STS to sign a token for ${PARTNER_API} (outbound identity federation enabled on the account); her policy allows only that audience and ES384. The partner verifies it against the account's JWKS.`,
    panel: 'sts',
    docs: [worldDoc(outboundWorld)],
    call: { operation: 'GetWebIdentityToken', caller: { Principal: alice }, params: { Audience: PARTNER_API, SigningAlgorithm: 'ES384', DurationSeconds: '300' }, region: 'us-east-1', endpoint: 'regional' },
    expect: { type: 'success' },
    needs: 'Sim',
  },
  {
    id: 'assume-root',
    title: 'AssumeRoot: audit a member account\'s root',
    summary: `The management account's root-admin takes a 15-minute root session in member ${PROD} scoped to IAMAuditRootUserCredentials; listing the root's access keys is allowed, deleting one is not.`,
    panel: 'sts',
    docs: [worldDoc(outboundWorld)],
    call: { operation: 'AssumeRoot', caller: { Principal: `arn:aws:iam::${DEV}:user/root-admin` }, params: { TargetPrincipal: PROD, TaskPolicyArn: 'IAMAuditRootUserCredentials' }, region: 'us-east-1', endpoint: 'regional' },
    then: [
      { operation: 'Authorize', params: { Action: 'iam:ListAccessKeys', Resource: `arn:aws:iam::${PROD}:root`, Context: [] } },
      { operation: 'Authorize', params: { Action: 'iam:DeleteAccessKey', Resource: `arn:aws:iam::${PROD}:root`, Context: [] } },
    ],
    expect: { type: 'success', decision: 'ExplicitDeny', steps: ['Allow', 'ExplicitDeny'] },
    needs: 'Sim',
  },
  {
    id: 'delegated-access-token',
    title: 'GetDelegatedAccessToken: exchange a trade-in token',
    summary: `A partner's app (${VENDOR}) exchanges the trade-in token a delegation in ${DEV} handed it for a session of PartnerAccess, limited to the delegated permissions; AssumedPrincipal names the role. AWS documents no token format: the world lists its tokens (TradeInTokens, sts-sim's fixture).`,
    panel: 'sts',
    docs: [worldDoc(delegationWorld)],
    call: { operation: 'GetDelegatedAccessToken', caller: { Principal: partnerApp }, params: { TradeInToken: TRADE_IN_TOKEN }, region: 'us-east-1', endpoint: 'regional' },
    expect: {
      type: 'success',
      callerArn: `arn:aws:sts::${DEV}:assumed-role/PartnerAccess/partner-delegation`,
      // The role allows reading and writing reports; the token delegates reading only.
      sessionDecisions: [['s3:GetObject', 'arn:aws:s3:::reports/q3.csv', 'Allow'], ['s3:PutObject', 'arn:aws:s3:::reports/q3.csv', 'ImplicitDeny']],
    },
    needs: 'Sim',
  },
  {
    id: 'delegated-access-token-expired',
    title: 'GetDelegatedAccessToken: expired trade-in token',
    summary: `The same token exchanged twice (sts-sim does not refuse reuse: AWS does not say), then the clock moves past its ExpiresAt (${TRADE_IN_EXPIRES}): the next exchange answers ExpiredTradeInTokenException.`,
    panel: 'sts',
    docs: [worldDoc(delegationWorld)],
    call: { operation: 'GetDelegatedAccessToken', caller: { Principal: partnerApp }, params: { TradeInToken: TRADE_IN_TOKEN }, region: 'us-east-1', endpoint: 'regional' },
    then: [
      { operation: 'GetDelegatedAccessToken', as: 'caller', params: { TradeInToken: TRADE_IN_TOKEN } },
      { advance: 600 },
      { operation: 'GetDelegatedAccessToken', as: 'caller', params: { TradeInToken: TRADE_IN_TOKEN } },
    ],
    // What each step's line says (renderSteps), in order.
    expect: { type: 'failure', code: 'ExpiredTradeInTokenException', outcomes: ['✓ credentials issued', '✓ credentials issued', '✓', '✗ ExpiredTradeInTokenException'] },
    needs: 'Sim',
  },
  {
    id: 'delegated-access-token-unlisted',
    title: 'GetDelegatedAccessToken: where AWS is silent',
    summary: 'A token the world does not list. AWS documents neither the token\'s format nor its answer to a token STS never issued: sts-sim refuses it with InvalidParameterValue and says why, instead of inventing one.',
    panel: 'sts',
    docs: [worldDoc(delegationWorld)],
    call: { operation: 'GetDelegatedAccessToken', caller: { Principal: partnerApp }, params: { TradeInToken: 'trade-in-token-from-somewhere-else' }, region: 'us-east-1', endpoint: 'regional' },
    expect: { type: 'failure', code: 'InvalidParameterValue', message: "not one of the world's TradeInTokens" },
    needs: 'Sim',
  },
);

export function exampleById(id) {
  return EXAMPLES.find((e) => e.id === id);
}
