//! A `simulate` request read straight from its JSON text, borrowing every string: the fast path
//! of `handle.decide`, which would otherwise build a `serde_json::Value` (a map, a string per
//! key and value) only to read five fields from it.
//!
//! It reads the usual form only: the request's five fields, each once, strings without escapes,
//! context values that are strings, booleans, small non-negative integers or lists of them. For
//! anything else — an escape, another field, a float, a wrong type, malformed JSON — it answers
//! `None` and the caller takes the general path (serde_json, then `eval_request`), which accepts
//! every valid request and words every error. So this reader decides nothing about validity: it
//! only declines, and what it accepts reads as the general path reads it (a test checks so).

use smallvec::SmallVec;

/// A context value as written: one scalar, or a list of them (a multivalued key).
#[derive(Debug, PartialEq)]
pub enum RawValue<'a> {
    One(&'a str),
    Many(Vec<&'a str>),
}

/// The request's fields, borrowed from the text.
#[derive(Debug, Default, PartialEq)]
pub struct RawRequest<'a> {
    pub principal: Option<&'a str>,
    pub action: Option<&'a str>,
    pub resource: Option<&'a str>,
    pub resource_account: Option<&'a str>,
    /// Inline up to four keys, the usual count.
    pub context: SmallVec<[(&'a str, RawValue<'a>); 4]>,
}

/// Reads `text` as a request object in the usual form, or `None`.
pub fn read(text: &str) -> Option<RawRequest<'_>> {
    let mut r = Reader { s: text.as_bytes(), text, i: 0 };
    let mut out = RawRequest::default();
    let mut seen_context = false;
    r.expect(b'{')?;
    if !r.eat(b'}') {
        loop {
            let name = r.string()?;
            r.expect(b':')?;
            let slot = match name {
                "principal" => &mut out.principal,
                "action" => &mut out.action,
                "resource" => &mut out.resource,
                "resourceAccount" => &mut out.resource_account,
                "context" if !seen_context => {
                    seen_context = true;
                    if !r.null() {
                        r.context(&mut out.context)?;
                    }
                    if r.eat(b',') {
                        continue;
                    }
                    break;
                }
                _ => return None,
            };
            if slot.is_some() {
                return None;
            }
            *slot = Some(r.string()?);
            if !r.eat(b',') {
                break;
            }
        }
        r.expect(b'}')?;
    }
    r.skip_ws();
    (r.i == r.s.len()).then_some(out)
}

/// Reads a request packed by the JS binding (`pack_request` in `src/wasm.rs`), which reads a
/// request object's fields in JS itself when they are in the usual form, instead of having
/// `JSON.stringify` write them as JSON for this module to read back. The text is NUL-separated
/// fields: their count, then principal, action, resource, `=account` or nothing, then for each
/// context key the key, `-` and its one value, or the key, the number of its values and the
/// values. `None` when the fields do not add up — among other things, when any field holds a NUL
/// (the count of separators no longer matches the count the packer wrote).
pub fn read_packed(text: &str) -> Option<RawRequest<'_>> {
    let mut fields = Fields { text, at: 0, seen: 0 };
    let count: usize = fields.next()?.parse().ok()?;
    let mut out = RawRequest { principal: fields.next(), action: fields.next(), resource: fields.next(), ..RawRequest::default() };
    out.resource_account = match fields.next()? {
        "" => None,
        account => Some(account.strip_prefix('=')?),
    };
    while let Some(key) = fields.next() {
        let value = match fields.next()? {
            "-" => RawValue::One(fields.next()?),
            n => {
                let n: usize = n.parse().ok()?;
                let mut values = Vec::new();
                for _ in 0..n {
                    values.push(fields.next()?);
                }
                RawValue::Many(values)
            }
        };
        out.context.push((key, value));
    }
    // The header and `count` fields after it, every one read.
    (fields.seen == count + 1).then_some(out)
}

/// The NUL-separated fields of a text, counted.
struct Fields<'a> {
    text: &'a str,
    /// Where the next field starts; past the end when there is none.
    at: usize,
    seen: usize,
}

impl<'a> Iterator for Fields<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        let rest = self.text.get(self.at..)?;
        let len = rest.as_bytes().iter().position(|&b| b == 0).unwrap_or(rest.len());
        self.at += len + 1;
        self.seen += 1;
        // NUL is ASCII: the field ends on a character boundary.
        Some(&rest[..len])
    }
}

struct Reader<'a> {
    s: &'a [u8],
    text: &'a str,
    i: usize,
}

impl<'a> Reader<'a> {
    #[inline]
    fn skip_ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.s.get(self.i) {
            self.i += 1;
        }
    }

    /// Skips white space, then takes `b` if it is next.
    #[inline]
    fn eat(&mut self, b: u8) -> bool {
        self.skip_ws();
        if self.s.get(self.i) == Some(&b) {
            self.i += 1;
            true
        } else {
            false
        }
    }

    fn expect(&mut self, b: u8) -> Option<()> {
        self.eat(b).then_some(())
    }

    fn null(&mut self) -> bool {
        self.skip_ws();
        if self.s[self.i..].starts_with(b"null") {
            self.i += 4;
            true
        } else {
            false
        }
    }

    /// A string without escapes or control characters (JSON forbids those raw).
    fn string(&mut self) -> Option<&'a str> {
        self.expect(b'"')?;
        let start = self.i;
        let len = self.s[start..].iter().position(|&b| b == b'"' || b == b'\\' || b < 0x20)?;
        self.i = start + len + 1;
        // Both ends sit next to an ASCII quote: character boundaries of the text.
        (self.s[start + len] == b'"').then(|| &self.text[start..start + len])
    }

    /// A scalar as IAM reads it: a string, `true`/`false`, or an integer of up to 15 digits
    /// without sign or leading zero (such a number reads the same as text in every JSON reader).
    fn scalar(&mut self) -> Option<&'a str> {
        self.skip_ws();
        match *self.s.get(self.i)? {
            b'"' => self.string(),
            b't' | b'f' => {
                let word: &'static str = if self.s[self.i] == b't' { "true" } else { "false" };
                self.s[self.i..].starts_with(word.as_bytes()).then(|| {
                    self.i += word.len();
                    word
                })
            }
            b'0'..=b'9' => {
                let start = self.i;
                while let Some(b'0'..=b'9') = self.s.get(self.i) {
                    self.i += 1;
                }
                let digits = &self.text[start..self.i];
                let plain = digits.len() <= 15 && (digits == "0" || !digits.starts_with('0'));
                let ends = !matches!(self.s.get(self.i), Some(b'.' | b'e' | b'E'));
                (plain && ends).then_some(digits)
            }
            _ => None,
        }
    }

    fn context(&mut self, out: &mut SmallVec<[(&'a str, RawValue<'a>); 4]>) -> Option<()> {
        self.expect(b'{')?;
        if self.eat(b'}') {
            return Some(());
        }
        loop {
            let key = self.string()?;
            self.expect(b':')?;
            let value = if self.eat(b'[') {
                let mut list = Vec::new();
                if !self.eat(b']') {
                    loop {
                        list.push(self.scalar()?);
                        if !self.eat(b',') {
                            break;
                        }
                    }
                    self.expect(b']')?;
                }
                RawValue::Many(list)
            } else {
                RawValue::One(self.scalar()?)
            };
            out.push((key, value));
            if !self.eat(b',') {
                break;
            }
        }
        self.expect(b'}')
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_usual_form() {
        let text = r#" { "principal":"arn:aws:iam::111122223333:user/alice", "action":"s3:GetObject",
            "resource":"arn:aws:s3:::b/k", "resourceAccount":"444455556666",
            "context":{"aws:PrincipalTag/team":"red","aws:MultiFactorAuthPresent":true,"n":0,"m":3600,"aws:TagKeys":["a", "b"],"e":[]} } "#;
        let r = read(text).unwrap();
        assert_eq!(r.principal, Some("arn:aws:iam::111122223333:user/alice"));
        assert_eq!(r.resource_account, Some("444455556666"));
        assert_eq!(r.context[1], ("aws:MultiFactorAuthPresent", RawValue::One("true")));
        assert_eq!(r.context[3], ("m", RawValue::One("3600")));
        assert_eq!(r.context[4], ("aws:TagKeys", RawValue::Many(vec!["a", "b"])));
        assert_eq!(r.context[5], ("e", RawValue::Many(vec![])));
        assert_eq!(read(r#"{"context":null}"#).unwrap(), RawRequest::default());
        assert_eq!(read("{}").unwrap(), RawRequest::default());
    }

    #[test]
    fn reads_packed_requests() {
        let r = read_packed("11\0arn:aws:iam::111122223333:user/alice\0s3:GetObject\0arn:aws:s3:::b/k\0=444455556666\0aws:PrincipalTag/team\0-\0red\0aws:TagKeys\02\0a\0b").unwrap();
        assert_eq!((r.principal, r.action, r.resource, r.resource_account), (Some("arn:aws:iam::111122223333:user/alice"), Some("s3:GetObject"), Some("arn:aws:s3:::b/k"), Some("444455556666")));
        assert_eq!(r.context.into_vec(), vec![("aws:PrincipalTag/team", RawValue::One("red")), ("aws:TagKeys", RawValue::Many(vec!["a", "b"]))]);
        let r = read_packed("6\0p\0a\0r\0\0k\00").unwrap();
        assert_eq!((r.resource_account, r.context.into_vec()), (None, vec![("k", RawValue::Many(vec![]))]));
        for text in [
            "4\0p\0a\0r\0\0extra",         // more fields than counted: a field held a NUL
            "5\0p\0a\0r\0",                  // fewer
            "x\0p\0a\0r\0",
            "3\0p\0a\0r",                     // no account field
            "4\0p\0a\0r\0444455556666",      // an account without its marker
            "6\0p\0a\0r\0\0k\0-",           // a key without its value
            "7\0p\0a\0r\0\0k\02\0v",        // a list short of its count
            "7\0p\0a\0r\0\0k\0x\0v",        // a count that is not a number
            "",
        ] {
            assert_eq!(read_packed(text), None, "{text:?}");
        }
    }

    #[test]
    fn declines_everything_else() {
        for text in [
            r#"{"action":"s3:Get\"x"}"#,           // an escape
            r#"{"action":"s3:Get\u0001"}"#,         // a control character
            "{\"action\":\"a\x01\"}",               // a raw control character
            r#"{"action":"a","action":"b"}"#,       // a repeated field
            r#"{"context":{},"context":{}}"#,
            r#"{"other":"x"}"#,                     // an unknown field
            r#"{"action":1}"#,                      // a wrong type
            r#"{"resourceAccount":null}"#,
            r#"{"context":{"n":1.5}}"#,             // numbers that are not plain integers
            r#"{"context":{"n":-1}}"#,
            r#"{"context":{"n":1e3}}"#,
            r#"{"context":{"n":0123}}"#,
            r#"{"context":{"n":1234567890123456}}"#,
            r#"{"context":{"n":null}}"#,
            r#"{"context":{"n":[["a"]]}}"#,
            r#"{"context":{"n":{"a":"b"}}}"#,
            r#"{"context":{"n":tru}}"#,
            r#"{"context":{"n":"a",}}"#,            // malformed JSON
            r#"{"action":"a",}"#,
            r#"{"action":"a"} x"#,
            r#"{"action":"a""#,
            r#"["action"]"#,
            "",
        ] {
            assert_eq!(read(text), None, "{text}");
        }
    }
}
