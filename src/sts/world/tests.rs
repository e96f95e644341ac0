use serde_json::json;

use super::*;

fn world() -> Value {
    json!({
        "Organization": { "Id": "o-exampleorgid", "ManagementAccount": "999999999999",
            "Root": { "OrganizationalUnits": [ { "Name": "Prod", "Policies": { "SCP": [
                { "Version": "2012-10-17", "Statement": [ { "Effect": "Deny", "Action": "*", "Resource": "*",
                  "Condition": { "StringNotEquals": { "aws:RequestedRegion": "us-east-1" } } } ] },
                { "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", "Action": "*", "Resource": "*" } ] } ] },
              "Accounts": ["111122223333"] } ] } },
        "Accounts": [ {
            "AccountId": "111122223333",
            "AuthorizationDetails": {
                "UserDetailList": [ { "UserName": "alice", "Path": "/", "GroupList": ["devs"],
                    "AttachedManagedPolicies": [ { "PolicyName": "AdministratorAccess", "PolicyArn": "arn:aws:iam::aws:policy/AdministratorAccess" } ] } ],
                "GroupDetailList": [ { "GroupName": "devs", "Path": "/" } ],
                "RoleDetailList": [ { "RoleName": "Admin", "Path": "/team/", "RoleId": "AROAEXAMPLEID12345678",
                    "AssumeRolePolicyDocument": "%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%7B%22Effect%22%3A%22Allow%22%2C%22Principal%22%3A%7B%22AWS%22%3A%22arn%3Aaws%3Aiam%3A%3A111122223333%3Aroot%22%7D%2C%22Action%22%3A%22sts%3AAssumeRole%22%7D%5D%7D",
                    "MaxSessionDuration": 7200 } ]
            },
            "AccessKeys": [ { "UserName": "alice", "AccessKeyId": "AKIAIOSFODNN7EXAMPLE", "SecretAccessKey": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY" } ]
        } ]
    })
}

#[test]
fn loads_and_indexes() {
    let w = load(&world()).unwrap();
    let (a, k) = w.access_key("AKIAIOSFODNN7EXAMPLE").unwrap();
    assert_eq!((a.id.as_str(), k.user_name.as_str()), ("111122223333", "alice"));
    let (_, role) = w.role_by_arn("arn:aws:iam::111122223333:role/team/Admin").unwrap();
    assert_eq!(role.max_session_duration, 7200);
    assert!(w.role_by_arn("arn:aws:iam::111122223333:role/Admin").is_none(), "the path is part of the ARN");
    assert!(w.account("111122223333").unwrap().role("admin").is_some(), "role names are case-insensitive");
    assert!(w.managed_policy("arn:aws:iam::aws:policy/AdministratorAccess").is_some());
    // root, the Prod OU (two SCPs), the account (default FullAWSAccess)
    let levels = w.scp_levels("111122223333");
    assert_eq!(levels.iter().map(Vec::len).collect::<Vec<_>>(), vec![1, 2, 1]);
    assert!(w.scp_levels("999999999999").is_empty(), "the management account is never restricted");
    assert!(w.scp_levels("444455556666").is_empty(), "outside the organization");
    assert_eq!(w.org_id_of("111122223333"), Some("o-exampleorgid"));
    assert_eq!(w.account("111122223333").unwrap().user("alice").unwrap().id.len(), 21);
}

#[test]
fn errors_name_their_path() {
    let mut v = world();
    v["Accounts"][0]["AuthorizationDetails"]["RoleDetailList"][0]["AssumeRolePolicyDocument"] =
        json!({ "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", "Action": "sts:AssumeRole" } ] });
    v["Accounts"][0]["AuthorizationDetails"]["UserDetailList"][0]["Colour"] = json!("blue");
    v["Accounts"][0]["AuthorizationDetails"]["UserDetailList"][0]["AttachedManagedPolicies"][0]["PolicyArn"] = json!("arn:aws:iam::aws:policy/ReadOnlyAccess");
    let errors = load(&v).unwrap_err();
    let paths: Vec<&str> = errors.iter().map(|d| d.path.as_str()).collect();
    assert!(paths.contains(&"Accounts[0].AuthorizationDetails.UserDetailList[0].Colour"), "{paths:?}");
    assert!(paths.iter().any(|p| p.starts_with("Accounts[0].AuthorizationDetails.RoleDetailList[0].AssumeRolePolicyDocument.Statement[0]")), "{paths:?}");
    assert!(paths.contains(&"Accounts[0].AuthorizationDetails.UserDetailList[0].AttachedManagedPolicies[0].PolicyArn"), "{paths:?}");
}

#[test]
fn keys_must_encode_their_account() {
    let mut v = world();
    v["Accounts"][0]["AccessKeys"][0]["AccessKeyId"] = json!("AKIA6RVFFB77RE7OLMKI");
    let errors = load(&v).unwrap_err();
    assert_eq!(errors[0].path, "Accounts[0].AccessKeys[0].AccessKeyId");
}

#[test]
fn organization_paths() {
    let mut v = world();
    // Explicit ids: the root's id comes from the OU ids given when the root gives none.
    v["Organization"]["Root"]["OrganizationalUnits"][0]["Id"] = json!("ou-ab12-11111111");
    v["ExternalOrganizations"] = json!([{ "Id": "o-partnerorg01", "Root": { "Accounts": ["777788889999"], "OrganizationalUnits": [{ "Name": "Vendors", "Accounts": ["444455556666"] }] } }]);
    let w = load(&v).unwrap();
    assert_eq!(w.org_path_of("111122223333").as_deref(), Some("o-exampleorgid/r-ab12/ou-ab12-11111111/"));
    // The management account, listed nowhere in the tree, sits in the root.
    assert_eq!(w.org_path_of("999999999999").as_deref(), Some("o-exampleorgid/r-ab12/"));
    assert_eq!(w.org_id_of("444455556666"), Some("o-partnerorg01"));
    let partner = w.organization_by_id("o-partnerorg01").unwrap();
    let root = org::derived_root_id("o-partnerorg01");
    assert_eq!(partner.root_id(), root);
    let vendors = org::derived_ou_id("o-partnerorg01", &root[2..], &["Vendors".to_string()]);
    assert_eq!(w.org_path_of("444455556666"), Some(format!("o-partnerorg01/{root}/{vendors}/")));
    assert_eq!(w.org_path_of("777788889999"), Some(format!("o-partnerorg01/{root}/")));
    assert!(w.scp_levels("444455556666").is_empty(), "an external organization's policies are not the world's");
    assert_eq!(w.org_path_of("123412341234"), None);
    // The same world, loaded again, has the same ids.
    assert_eq!(load(&v).unwrap().org_path_of("444455556666"), w.org_path_of("444455556666"));
}

#[test]
fn organization_ids_are_checked() {
    let mut v = world();
    v["Organization"]["Root"]["Id"] = json!("r-ab12");
    v["Organization"]["Root"]["OrganizationalUnits"][0]["Id"] = json!("ou-cd34-11111111");
    v["ExternalOrganizations"] = json!([{ "Id": "o-partnerorg01", "Root": { "Accounts": ["111122223333"] } }]);
    let errors = load(&v).unwrap_err();
    let paths: Vec<&str> = errors.iter().map(|d| d.path.as_str()).collect();
    assert_eq!(paths, ["Organization.Root.OrganizationalUnits[0].Id", "ExternalOrganizations[0].Root"], "{errors:?}");
}
