//! Query protocol tests. Shapes and member names: botocore `sts/2011-06-15/service-2.json`;
//! wire layout: the AWS STS API Reference examples and the error response in boto/boto3#756.

use super::*;
use serde_json::json;

fn post(body: &str) -> HttpRequest {
    HttpRequest {
        method: "POST".into(),
        url: "https://sts.amazonaws.com/".into(),
        headers: vec![("Content-Type".into(), "application/x-www-form-urlencoded; charset=utf-8".into())],
        body: body.into(),
    }
}

fn get(url: &str) -> HttpRequest {
    HttpRequest { method: "GET".into(), url: url.into(), headers: vec![], body: String::new() }
}

#[test]
fn every_model_operation_is_known() {
    let names: Vec<&str> = OPERATIONS.iter().map(|o| o.name).collect();
    assert_eq!(
        names,
        [
            "AssumeRole",
            "AssumeRoleWithSAML",
            "AssumeRoleWithWebIdentity",
            "AssumeRoot",
            "DecodeAuthorizationMessage",
            "GetAccessKeyInfo",
            "GetCallerIdentity",
            "GetDelegatedAccessToken",
            "GetFederationToken",
            "GetSessionToken",
            "GetWebIdentityToken"
        ]
    );
}

#[test]
fn assume_role_with_lists_as_botocore_serializes_them() {
    // botocore's query serializer: `Tags.member.1.Key`, `PolicyArns.member.1.arn`,
    // `TransitiveTagKeys.member.1`, `ProvidedContexts.member.1.ProviderArn`.
    let body = "Action=AssumeRole&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fdemo\
        &RoleSessionName=alice&DurationSeconds=3600\
        &Tags.member.2.Key=Team&Tags.member.2.Value=Blue%20Sky&Tags.member.1.Key=Project&Tags.member.1.Value=Unicorn\
        &PolicyArns.member.1.arn=arn%3Aaws%3Aiam%3A%3Aaws%3Apolicy%2FReadOnlyAccess\
        &TransitiveTagKeys.member.1=Project\
        &ProvidedContexts.member.1.ProviderArn=arn%3Aaws%3Aiam%3A%3Aaws%3AcontextProvider%2FIdentityCenter\
        &ProvidedContexts.member.1.ContextAssertion=abcd\
        &Policy=%7B%22Version%22%3A%222012-10-17%22%7D";
    let r = parse_request(&post(body)).unwrap();
    assert_eq!(r.operation, "AssumeRole");
    assert!(r.ignored.is_empty());
    assert_eq!(
        r.params,
        json!({
            "RoleArn": "arn:aws:iam::123456789012:role/demo",
            "RoleSessionName": "alice",
            "PolicyArns": [{"arn": "arn:aws:iam::aws:policy/ReadOnlyAccess"}],
            "Policy": "{\"Version\":\"2012-10-17\"}",
            "DurationSeconds": 3600,
            "Tags": [{"Key": "Project", "Value": "Unicorn"}, {"Key": "Team", "Value": "Blue Sky"}],
            "TransitiveTagKeys": ["Project"],
            "ProvidedContexts": [{"ProviderArn": "arn:aws:iam::aws:contextProvider/IdentityCenter", "ContextAssertion": "abcd"}]
        })
    );
    // Keys come out in the model's member order.
    let keys: Vec<&String> = r.params.as_object().unwrap().keys().collect();
    assert_eq!(keys[..3], ["RoleArn", "RoleSessionName", "PolicyArns"]);
}

#[test]
fn get_with_query_string_and_form_plus() {
    let r = parse_request(&get("/?Action=GetFederationToken&Version=2011-06-15&Name=bob+smith&Tags=")).unwrap();
    assert_eq!(r.operation, "GetFederationToken");
    // `+` is a space in form data; `Tags=` is botocore's empty list.
    assert_eq!(r.params, json!({"Name": "bob smith", "Tags": []}));
}

#[test]
fn nested_structure_and_string_list() {
    let r = parse_request(&post(
        "Action=AssumeRoot&Version=2011-06-15&TargetPrincipal=111122223333&TaskPolicyArn.arn=arn%3Aaws%3Aiam%3A%3Aaws%3Apolicy%2Froot-task%2FIAMAuditRootUserCredentials&DurationSeconds=900",
    ))
    .unwrap();
    assert_eq!(
        r.params,
        json!({"TargetPrincipal": "111122223333", "TaskPolicyArn": {"arn": "arn:aws:iam::aws:policy/root-task/IAMAuditRootUserCredentials"}, "DurationSeconds": 900})
    );
    let r = parse_request(&post("Action=GetWebIdentityToken&Version=2011-06-15&Audience.member.1=a&Audience.member.2=b&SigningAlgorithm=RS256")).unwrap();
    assert_eq!(r.params, json!({"Audience": ["a", "b"], "SigningAlgorithm": "RS256"}));
}

#[test]
fn unknown_parameters_are_ignored_and_listed() {
    // The Query protocol ignores parameters an operation does not have.
    let r = parse_request(&post(
        "Action=GetCallerIdentity&Version=2011-06-15&Foo=1&Tags.member.1.Key=x&X-Amz-Date=20150830T123600Z",
    ))
    .unwrap();
    assert_eq!(r.params, json!({}));
    assert_eq!(r.ignored, ["Foo", "Tags.member.1.Key"]);
    let r = parse_request(&post("Action=AssumeRole&Version=2011-06-15&Tags.member.0.Key=x&Tags.item.1.Key=y&RoleArn.x=z&Tags.member.1.Nope=q")).unwrap();
    assert_eq!(r.params, json!({}));
    assert_eq!(r.ignored.len(), 4);
}

#[test]
fn a_full_body_of_unknown_parameters_lists_each_once_in_order() {
    // Found by the `wire` fuzz target: ~10^5 distinct unknown parameters (a body just under
    // MAX_BODY_BYTES) took a minute to list, one linear search each.
    let mut body = String::from("Action=GetCallerIdentity&Version=2011-06-15");
    let mut n = 0;
    while body.len() < MAX_BODY_BYTES - 16 {
        body.push_str(&format!("&X{n}=&X{}=", n / 2));
        n += 1;
    }
    let r = parse_request(&post(&body)).unwrap();
    assert_eq!(r.ignored.len(), n);
    assert!(r.ignored.iter().enumerate().all(|(i, k)| *k == format!("X{i}")));
}

#[test]
fn integers_that_do_not_read_stay_text_for_validation() {
    let r = parse_request(&post("Action=GetSessionToken&Version=2011-06-15&DurationSeconds=abc")).unwrap();
    assert_eq!(r.params, json!({"DurationSeconds": "abc"}));
}

#[test]
fn repeated_key_first_wins() {
    let r = parse_request(&post("Action=GetAccessKeyInfo&Version=2011-06-15&AccessKeyId=AKIA1&AccessKeyId=AKIA2")).unwrap();
    assert_eq!(r.params, json!({"AccessKeyId": "AKIA1"}));
}

#[test]
fn body_is_read_only_when_form_encoded() {
    let mut req = post("Action=GetCallerIdentity&Version=2011-06-15");
    req.headers = vec![("Content-Type".into(), "application/json".into())];
    assert_eq!(parse_request(&req).unwrap_err().code, "MissingAction");
}

#[test]
fn protocol_errors() {
    // Common Errors: MissingAction 400.
    let e = parse_request(&post("Version=2011-06-15")).unwrap_err();
    assert_eq!((e.code, e.status), ("MissingAction", 400));
    let e = parse_request(&post("Action=GetCallerIdentity")).unwrap_err();
    assert_eq!((e.code, e.status, e.message.as_str()), ("MissingParameter", 400, "The request must contain the parameter Version"));
    // aws/session-manager-plugin#116, aws/aws-cli#37.
    let e = parse_request(&post("Action=AssumeRoleX&Version=2011-06-15")).unwrap_err();
    assert_eq!((e.code, e.status, e.message.as_str()), ("InvalidAction", 400, "Could not find operation AssumeRoleX for version 2011-06-15"));
    let e = parse_request(&post("Action=AssumeRole&Version=2012-12-01")).unwrap_err();
    assert_eq!(e.message, "Could not find operation AssumeRole for version 2012-12-01");
    let e = parse_request(&post("Action=assumerole&Version=2011-06-15")).unwrap_err();
    assert_eq!(e.code, "InvalidAction");
    // Common Errors: MalformedQueryString 404.
    let e = parse_request(&post("Action=GetCallerIdentity&Version=2011-06-15&A=%zz")).unwrap_err();
    assert_eq!((e.code, e.status), ("MalformedQueryString", 404));
    let e = parse_request(&get("/?Action=GetCallerIdentity%E1&Version=2011-06-15")).unwrap_err();
    assert_eq!(e.code, "MalformedQueryString");
    // Refused before parsing.
    let big = format!("Action=GetCallerIdentity&Version=2011-06-15&Pad={}", "a".repeat(MAX_BODY_BYTES));
    let e = parse_request(&post(&big)).unwrap_err();
    assert_eq!((e.code, e.status), ("RequestEntityTooLargeException", 413));
}

#[test]
fn urls() {
    let r = get("https://sts.eu-west-1.amazonaws.com:443/a/b?x=1#frag");
    assert_eq!((r.host(), r.path(), r.query()), (Some("sts.eu-west-1.amazonaws.com:443"), "/a/b", "x=1"));
    let r = get("https://sts.amazonaws.com?x=1");
    assert_eq!((r.host(), r.path(), r.query()), (Some("sts.amazonaws.com"), "/", "x=1"));
    let r = get("/");
    assert_eq!((r.host(), r.path(), r.query()), (None, "/", ""));
}

#[test]
fn serialize_then_parse_round_trips() {
    let params = json!({
        "RoleArn": "arn:aws:iam::123456789012:role/demo",
        "RoleSessionName": "s",
        "Tags": [{"Key": "k&=", "Value": "v é+"}],
        "TransitiveTagKeys": [],
        "DurationSeconds": 900
    });
    let pairs = serialize_request("AssumeRole", &params).unwrap();
    assert_eq!(pairs[..2], [("Action".to_string(), "AssumeRole".to_string()), ("Version".to_string(), "2011-06-15".to_string())]);
    let r = parse_request(&post(&form_encode(&pairs))).unwrap();
    assert_eq!(r.params, json!({
        "RoleArn": "arn:aws:iam::123456789012:role/demo",
        "RoleSessionName": "s",
        "DurationSeconds": 900,
        "Tags": [{"Key": "k&=", "Value": "v é+"}],
        "TransitiveTagKeys": []
    }));
}

/// The AssumeRole answer, laid out as the AWS STS API Reference prints it (AssumeRole,
/// "Examples"), members in botocore's order.
#[test]
fn assume_role_response_xml() {
    let result = json!({
        "Credentials": {
            "AccessKeyId": "ASIAIOSFODNN7EXAMPLE",
            "SecretAccessKey": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY",
            "SessionToken": "tok<&>",
            "Expiration": "2019-11-09T13:34:41Z"
        },
        "AssumedRoleUser": {"Arn": "arn:aws:sts::123456789012:assumed-role/demo/TestAR", "AssumedRoleId": "ARO123EXAMPLE123:TestAR"},
        "PackedPolicySize": 6,
        "SourceIdentity": null,
        "NotInModel": "dropped"
    });
    let resp = success_response("AssumeRole", &result, "c6104cbe-af31-11e0-8154-cbc7ccf896c7");
    let expected = "<AssumeRoleResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">
  <AssumeRoleResult>
    <Credentials>
      <AccessKeyId>ASIAIOSFODNN7EXAMPLE</AccessKeyId>
      <SecretAccessKey>wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY</SecretAccessKey>
      <SessionToken>tok&lt;&amp;&gt;</SessionToken>
      <Expiration>2019-11-09T13:34:41Z</Expiration>
    </Credentials>
    <AssumedRoleUser>
      <AssumedRoleId>ARO123EXAMPLE123:TestAR</AssumedRoleId>
      <Arn>arn:aws:sts::123456789012:assumed-role/demo/TestAR</Arn>
    </AssumedRoleUser>
    <PackedPolicySize>6</PackedPolicySize>
  </AssumeRoleResult>
  <ResponseMetadata>
    <RequestId>c6104cbe-af31-11e0-8154-cbc7ccf896c7</RequestId>
  </ResponseMetadata>
</AssumeRoleResponse>
";
    assert_eq!(resp.body, expected);
    assert_eq!(resp.status, 200);
    assert_eq!(
        resp.headers,
        [
            ("x-amzn-RequestId".to_string(), "c6104cbe-af31-11e0-8154-cbc7ccf896c7".to_string()),
            ("Content-Type".to_string(), "text/xml".to_string()),
            ("Content-Length".to_string(), expected.len().to_string())
        ]
    );
}

#[test]
fn get_caller_identity_response_xml() {
    let body = render_result("GetCallerIdentity", &json!({"Arn": "arn:aws:iam::123456789012:user/Alice", "UserId": "AIDAEXAMPLE", "Account": "123456789012"}), "r1").unwrap();
    assert_eq!(
        body,
        "<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">\n  <GetCallerIdentityResult>\n    <UserId>AIDAEXAMPLE</UserId>\n    <Account>123456789012</Account>\n    <Arn>arn:aws:iam::123456789012:user/Alice</Arn>\n  </GetCallerIdentityResult>\n  <ResponseMetadata>\n    <RequestId>r1</RequestId>\n  </ResponseMetadata>\n</GetCallerIdentityResponse>\n"
    );
    assert!(render_result("Nope", &json!({}), "r").is_none());
    assert_eq!(success_response("Nope", &json!({}), "r").status, 400);
}

#[test]
fn lists_render_as_member_entries() {
    let mut out = String::new();
    write_element(&mut out, "Audience", &STRINGS, &json!(["a", "b<"]), 0);
    assert_eq!(out, "<Audience>\n  <member>a</member>\n  <member>b&lt;</member>\n</Audience>\n");
}

/// The error layout STS answers (boto/boto3#756 quotes one verbatim).
#[test]
fn error_response_xml() {
    let resp = error_response("Sender", "SignatureDoesNotMatch", "a < b & \"c\"", "f1dfd149-5bee-11e6-90ab-4b1e521fd574");
    assert_eq!(resp.status, 403);
    assert_eq!(
        resp.body,
        "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">\n  <Error>\n    <Type>Sender</Type>\n    <Code>SignatureDoesNotMatch</Code>\n    <Message>a &lt; b &amp; &quot;c&quot;</Message>\n  </Error>\n  <RequestId>f1dfd149-5bee-11e6-90ab-4b1e521fd574</RequestId>\n</ErrorResponse>\n"
    );
    assert_eq!(resp.headers[1], ("Content-Type".to_string(), "text/xml".to_string()));
}

#[test]
fn statuses() {
    for (code, status) in [
        ("AccessDenied", 403),
        ("InvalidClientTokenId", 403),
        ("SignatureDoesNotMatch", 403),
        ("ExpiredToken", 403),
        ("MissingAuthenticationToken", 403),
        ("RegionDisabledException", 403),
        ("IDPRejectedClaim", 403),
        ("ExpiredTokenException", 400),
        ("InvalidIdentityToken", 400),
        ("MalformedPolicyDocument", 400),
        ("PackedPolicyTooLarge", 400),
        ("ValidationError", 400),
        ("IncompleteSignature", 400),
        ("InvalidAction", 400),
        ("MalformedQueryString", 404),
        ("RequestEntityTooLargeException", 413),
    ] {
        assert_eq!(error_status(code, "Sender"), status, "{code}");
    }
    assert_eq!(error_status("Whatever", "Receiver"), 500);
}

#[test]
fn decoding() {
    assert_eq!(percent_decode("a%20b+c", true).as_deref(), Some("a b c"));
    assert_eq!(percent_decode("a%20b+c", false).as_deref(), Some("a b+c"));
    assert_eq!(percent_decode("%E1%88%B4", false).as_deref(), Some("ሴ"));
    assert_eq!(percent_decode("%", false), None);
    assert_eq!(percent_decode("%4", false), None);
    assert_eq!(percent_decode("%FF", false), None);
    assert_eq!(form_pairs("a=1&&b&c=").unwrap(), [("a".into(), "1".into()), ("b".into(), "".into()), ("c".into(), "".into())]);
    assert_eq!(percent_encode("a b~é/"), "a%20b~%C3%A9%2F");
}
