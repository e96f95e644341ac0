//! The wire: Query-protocol request parsing and SigV4 verification, then the operation, as
//! `sim.handle` / `sts-sim serve` answer an HTTP request. The request is built from parts: a
//! method, a host (global, regional, FIPS, China, other), an origin-form or absolute URL, a
//! form body or query string of an operation's parameters (botocore's serialization of values
//! from the Query model, plus arbitrary extra pairs), extra headers, and then signed correctly
//! with a key of the fixture world (header or presigned URL, long-term or temporary
//! credentials, at a skewed clock), signed and then altered, or carrying an arbitrary
//! `Authorization`. Raw mode (first byte `R`): the bytes as `method\nurl\nheaders…\n\nbody`.

#![no_main]

use arbitrary::{Result, Unstructured};
use libfuzzer_sys::fuzz_target;
use serde_json::json;
use sts_sim::query::{self, HttpRequest};
use sts_sim::sigv4::{self, SigningParams};
use sts_sim::sts::sim::{Sim, Where};
use sts_sim_fuzz::{chance, fixture, word};

const HOSTS: &[&str] = &[
    "sts.amazonaws.com",
    "sts.us-east-1.amazonaws.com",
    "sts.eu-west-1.amazonaws.com",
    "sts-fips.us-east-2.amazonaws.com",
    "sts.cn-north-1.amazonaws.com.cn",
    "sts.us-west-2.api.aws",
    "localhost:8080",
    "sts.amazonaws.com:443",
    "STS.AMAZONAWS.COM",
    "",
];
const REGIONS: &[&str] = &["us-east-1", "eu-west-1", "us-east-2", "cn-north-1", "us-west-2", "us-east-3", ""];
const HEADER_NAMES: &[&str] = &[
    "Content-Type",
    "content-type",
    "User-Agent",
    "X-Amz-Date",
    "Date",
    "X-Amz-Security-Token",
    "x-amz-content-sha256",
    "Authorization",
    "Host",
    "X-Amz-Target",
    "Expect",
];
const HEADER_VALUES: &[&str] = &[
    "application/x-www-form-urlencoded; charset=utf-8",
    "application/x-www-form-urlencoded",
    "application/json",
    "20261125T120000Z",
    "Wed, 25 Nov 2026 12:00:00 GMT",
    "AWS4-HMAC-SHA256 Credential=AKIARTX3GSDSSUAQEAYE/20261125/us-east-1/sts/aws4_request, SignedHeaders=host;x-amz-date, Signature=00",
    "AWS4-HMAC-SHA256 Credential=a/b/c, SignedHeaders=, Signature=",
    "AWS4-HMAC-SHA256 ,,=,",
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    "  folded\n value  ",
    "",
];
const EXTRA_KEYS: &[&str] = &[
    "Action",
    "Version",
    "Tags.member.1.Key",
    "Tags.member.0.Value",
    "Tags.member.+1.Key",
    "Tags.member.18446744073709551616.Key",
    "PolicyArns.member.1.arn",
    "TransitiveTagKeys",
    "TransitiveTagKeys.member.2",
    "ProvidedContexts.member.1.ContextAssertion",
    "Audience.member.1",
    "DurationSeconds",
    "X-Amz-Signature",
    "X-Amz-Credential",
    "X-Amz-Date",
    "X-Amz-Algorithm",
    "X-Amz-SignedHeaders",
    "X-Amz-Expires",
    "RoleArn.x",
    "",
];

/// Temporary credentials of the fixture world: AssumeRole as alice, or GetSessionToken.
fn temporary(sim: &mut Sim, u: &mut Unstructured) -> Result<Option<(String, String, String)>> {
    let caller = sts_sim::sts::caller::Caller::Principal("arn:aws:iam::111122223333:user/alice".into());
    let answer = if u.arbitrary()? {
        sim.call(Some(&caller), "AssumeRole", &json!({ "RoleArn": "arn:aws:iam::111122223333:role/Admin", "RoleSessionName": "fuzz" }), &Where::default())
    } else {
        sim.call(Some(&caller), "GetSessionToken", &json!({}), &Where::default())
    };
    let Ok(answer) = answer else { return Ok(None) };
    let c = &answer["Credentials"];
    let text = |k: &str| c[k].as_str().unwrap_or_default().to_string();
    Ok(Some((text("AccessKeyId"), text("SecretAccessKey"), text("SessionToken"))))
}

fn structured(u: &mut Unstructured, sim: &mut Sim) -> Result<HttpRequest> {
    let method = if chance(u, 1, 10)? { word(u, &["GET", "get", "PUT", "POST ", ""])? } else { (*u.choose(&["POST", "GET"])?).to_string() };
    let host = word(u, HOSTS)?;
    let path = if chance(u, 1, 6)? { word(u, &["/", "//", "/./a/../", "/%2F", "/a%ZZ", "/?", "/#x"])? } else { "/".to_string() };

    let op = u.choose(query::OPERATIONS)?;
    let params = sts_sim_fuzz::sts_params(u, op)?;
    let mut pairs = query::serialize_request(op.name, &params).unwrap_or_default();
    for _ in 0..u.int_in_range(0..=2)? {
        let at = u.choose_index(pairs.len() + 1)?;
        pairs.insert(at, (word(u, EXTRA_KEYS)?, word(u, sts_sim_fuzz::vocab::CONDITION_VALUES)?));
    }
    if chance(u, 1, 20)? && !pairs.is_empty() {
        let i = u.choose_index(pairs.len())?;
        pairs.remove(i);
    }
    // Rarely, many distinct parameters the operation does not have, up to the 1 MiB body limit.
    if chance(u, 1, 256)? {
        // Log-uniform: mostly a few, now and then ~10^5 (the 1 MiB limit holds ~1.5·10^5).
        let n = (1usize << u.int_in_range(0..=17)?).min(150_000);
        pairs.extend((0..n).map(|i| (format!("X{i}"), String::new())));
    }
    let mut encoded = query::form_encode(&pairs);
    if chance(u, 1, 20)? {
        encoded = sts_sim_fuzz::mutate(u, &encoded)?;
    }
    let in_body = method.eq_ignore_ascii_case("POST") && !chance(u, 1, 5)?;
    let (query_string, body) = if in_body { (String::new(), encoded) } else { (encoded, String::new()) };
    let target = if query_string.is_empty() { path.clone() } else { format!("{path}?{query_string}") };
    let url = if chance(u, 1, 3)? { format!("https://{host}{target}") } else { target };

    let mut headers = Vec::new();
    if !url.starts_with("https://") || chance(u, 1, 4)? {
        headers.push(("Host".to_string(), host.clone()));
    }
    if in_body || chance(u, 1, 8)? {
        headers.push(("Content-Type".to_string(), word(u, &HEADER_VALUES[..3])?));
    }
    for _ in 0..u.int_in_range(0..=2)? {
        headers.push((word(u, HEADER_NAMES)?, word(u, HEADER_VALUES)?));
    }
    let req = HttpRequest { method, url, headers, body };

    // How it is signed.
    let mode = u.int_in_range(0u8..=9)?;
    if mode == 9 {
        return Ok(req);
    }
    let (key_id, secret, token) = if chance(u, 1, 3)? {
        match temporary(sim, u)? {
            Some((k, s, t)) => (k, s, Some(t)),
            None => return Ok(req),
        }
    } else {
        let (k, s) = *u.choose(fixture::ACCESS_KEYS)?;
        (k.to_string(), s.to_string(), None)
    };
    let region = word(u, REGIONS)?;
    let any = i64::from(u.arbitrary::<i32>()?);
    let skew = *u.choose(&[0i64, 0, 0, 60, -60, 899, 901, -901, 86_400, any])?;
    let p = SigningParams {
        access_key_id: &key_id,
        secret_access_key: &secret,
        session_token: token.as_deref(),
        region: &region,
        service: if chance(u, 1, 20)? { "iam" } else { "sts" },
        time: sim.now().div_euclid(1000) + skew,
        content_sha256_header: chance(u, 1, 4)?,
    };
    let mut signed = if mode <= 5 { sigv4::sign(&req, &p) } else { sigv4::presign(&req, &p, u.int_in_range(0..=604_800)?) };
    // Signed, then altered: a header, the body, the URL or the token.
    if chance(u, 1, 5)? {
        match u.int_in_range(0u8..=3)? {
            0 if !signed.headers.is_empty() => {
                let i = u.choose_index(signed.headers.len())?;
                let v = signed.headers[i].1.clone();
                signed.headers[i].1 = sts_sim_fuzz::mutate(u, &v)?;
            }
            1 => signed.body = sts_sim_fuzz::mutate(u, &signed.body)?,
            2 => signed.url = sts_sim_fuzz::mutate(u, &signed.url)?,
            _ => signed.headers.push((word(u, HEADER_NAMES)?, word(u, HEADER_VALUES)?)),
        }
    }
    Ok(signed)
}

/// `method\nurl\nname: value…\n\nbody`.
fn raw(text: &str) -> HttpRequest {
    let (head, body) = text.split_once("\n\n").unwrap_or((text, ""));
    let mut lines = head.lines();
    let method = lines.next().unwrap_or_default().to_string();
    let url = lines.next().unwrap_or_default().to_string();
    let headers = lines.map(|l| l.split_once(':').map_or((l.to_string(), String::new()), |(n, v)| (n.to_string(), v.trim_start().to_string()))).collect();
    HttpRequest { method, url, headers, body: body.to_string() }
}

fuzz_target!(|data: &[u8]| {
    let mut sim = fixture::sim();
    let req = if data.first() == Some(&b'R') {
        raw(&sts_sim_fuzz::text(&data[1..]))
    } else {
        match structured(&mut Unstructured::new(data), &mut sim) {
            Ok(r) => r,
            Err(_) => return,
        }
    };
    // The pieces alone, then the whole: parse, verify, answer.
    let _ = query::parse_request(&req);
    let _ = sigv4::verify(&req, sim.now().div_euclid(1000), &|key_id, token| {
        sim.secret_for(key_id, token).map_err(|_| sigv4::SigError::invalid_client_token_id())
    });
    let answer = sts_sim::api::wire::handle(&mut sim, &req);
    sts_sim_fuzz::note(&format!("{} {}", answer.status, answer.body.split("<Code>").nth(1).and_then(|s| s.split('<').next()).unwrap_or("ok")));
    assert!((200..600).contains(&answer.status), "status {}", answer.status);
    // The same request through the JSON face (`sim.handle` in JS), headers as pairs.
    let as_json = json!({ "method": req.method, "url": req.url, "headers": req.headers, "body": req.body });
    let again = sts_sim::api::wire::handle_json(&mut sim, &as_json);
    assert!(again.is_ok(), "{again:?}");
});
