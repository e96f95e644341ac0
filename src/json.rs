//! A small, strict (RFC 8259) JSON parser that keeps what policy validation needs and
//! serde_json throws away: the source span of every value and member name, member order, and
//! duplicate member names. IAM rejects duplicate keys ("Individual elements must not contain
//! multiple instances of the same key" — Grammar of the IAM JSON policy language), so we must
//! see them to report them.
//!
//! The parser never panics and never overflows the stack: nesting is limited to [`MAX_DEPTH`]
//! (policies are at most five levels deep), and all indexing is by byte offsets that sit on
//! UTF-8 character boundaries.

use crate::diag::Span;

/// Deepest nesting of arrays and objects accepted. A policy needs five levels
/// (document → Statement array → statement → Condition → operator → key → value list).
pub const MAX_DEPTH: usize = 64;

/// A JSON value and where it sits in the source text.
#[derive(Clone, Debug, PartialEq)]
pub struct JsonNode {
    pub value: JsonValue,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum JsonValue {
    Null,
    Bool(bool),
    /// The number exactly as written (`3600`, `-1.5e3`): IAM compares condition values as text.
    Number(String),
    String(String),
    Array(Vec<JsonNode>),
    /// Members in source order; duplicate names are kept.
    Object(Vec<JsonMember>),
}

#[derive(Clone, Debug, PartialEq)]
pub struct JsonMember {
    pub key: String,
    pub key_span: Span,
    pub value: JsonNode,
}

impl JsonValue {
    /// The JSON type name, for messages ("expected a string, found an array").
    pub fn type_name(&self) -> &'static str {
        match self {
            JsonValue::Null => "null",
            JsonValue::Bool(_) => "a boolean",
            JsonValue::Number(_) => "a number",
            JsonValue::String(_) => "a string",
            JsonValue::Array(_) => "an array",
            JsonValue::Object(_) => "an object",
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            JsonValue::String(s) => Some(s),
            _ => None,
        }
    }
}

/// A syntax error: what is wrong and where.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{message} (line {}, column {})", span.line, span.column)]
pub struct JsonError {
    pub message: String,
    pub span: Span,
}

/// Parses one JSON document. Leading and trailing whitespace is allowed; anything else after
/// the value is an error (a policy is exactly one JSON object).
pub fn parse(text: &str) -> Result<JsonNode, JsonError> {
    let mut p = Parser { text, bytes: text.as_bytes(), pos: 0, line: 1, column: 1 };
    p.skip_whitespace();
    let node = p.value(0)?;
    p.skip_whitespace();
    if p.pos < p.bytes.len() {
        let start = p.mark();
        return Err(p.error_at(start, "unexpected content after the end of the JSON document (a policy must be exactly one JSON object)"));
    }
    Ok(node)
}

/// A position in the text: byte offset plus 1-based line and column (columns count characters).
#[derive(Clone, Copy)]
struct Mark {
    offset: usize,
    line: u32,
    column: u32,
}

struct Parser<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
    line: u32,
    column: u32,
}

impl<'a> Parser<'a> {
    fn mark(&self) -> Mark {
        Mark { offset: self.pos, line: self.line, column: self.column }
    }

    fn span_from(&self, start: Mark) -> Span {
        Span {
            offset: start.offset,
            line: start.line,
            column: start.column,
            end_offset: self.pos,
            end_line: self.line,
            end_column: self.column,
        }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    /// Consumes one byte, keeping line and column current. A column counts characters, so
    /// UTF-8 continuation bytes do not advance it.
    fn bump(&mut self) {
        if let Some(&b) = self.bytes.get(self.pos) {
            self.pos += 1;
            if b == b'\n' {
                self.line += 1;
                self.column = 1;
            } else if b & 0xC0 != 0x80 {
                self.column += 1;
            }
        }
    }

    /// Consumes one whole character (so an error span never ends inside one).
    fn bump_char(&mut self) {
        self.bump();
        while self.peek().is_some_and(|b| b & 0xC0 == 0x80) {
            self.bump();
        }
    }

    /// An error covering the character at `start` (or the end of input).
    fn error_at(&mut self, start: Mark, message: impl Into<String>) -> JsonError {
        self.pos = start.offset;
        self.line = start.line;
        self.column = start.column;
        self.bump_char();
        JsonError { message: message.into(), span: self.span_from(start) }
    }

    fn describe_here(&self) -> String {
        match self.text.get(self.pos..).and_then(|rest| rest.chars().next()) {
            None => "the end of the document".to_string(),
            Some(c) if c.is_control() => format!("the control character U+{:04X}", c as u32),
            Some(c) => format!("'{c}'"),
        }
    }

    fn skip_whitespace(&mut self) {
        // RFC 8259 §2: insignificant whitespace is space, tab, line feed and carriage return.
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.bump();
        }
    }

    fn value(&mut self, depth: usize) -> Result<JsonNode, JsonError> {
        let start = self.mark();
        let value = match self.peek() {
            Some(b'{') => self.object(depth + 1)?,
            Some(b'[') => self.array(depth + 1)?,
            Some(b'"') => JsonValue::String(self.string()?),
            Some(b'-' | b'0'..=b'9') => JsonValue::Number(self.number()?),
            Some(b't') => self.literal("true", JsonValue::Bool(true))?,
            Some(b'f') => self.literal("false", JsonValue::Bool(false))?,
            Some(b'n') => self.literal("null", JsonValue::Null)?,
            _ => {
                let what = self.describe_here();
                return Err(self.error_at(start, format!("expected a JSON value, found {what}")));
            }
        };
        Ok(JsonNode { value, span: self.span_from(start) })
    }

    fn literal(&mut self, word: &str, value: JsonValue) -> Result<JsonValue, JsonError> {
        let start = self.mark();
        if self.bytes[self.pos..].starts_with(word.as_bytes()) {
            for _ in 0..word.len() {
                self.bump();
            }
            Ok(value)
        } else {
            Err(self.error_at(start, format!("invalid literal: expected '{word}' (JSON literals are lower-case true, false and null)")))
        }
    }

    fn check_depth(&mut self, depth: usize, start: Mark) -> Result<(), JsonError> {
        if depth > MAX_DEPTH {
            return Err(self.error_at(start, format!("the document nests arrays and objects more than {MAX_DEPTH} levels deep")));
        }
        Ok(())
    }

    fn object(&mut self, depth: usize) -> Result<JsonValue, JsonError> {
        let open = self.mark();
        self.check_depth(depth, open)?;
        self.bump(); // '{'
        let mut members = Vec::new();
        self.skip_whitespace();
        if self.peek() == Some(b'}') {
            self.bump();
            return Ok(JsonValue::Object(members));
        }
        loop {
            self.skip_whitespace();
            let key_start = self.mark();
            if self.peek() != Some(b'"') {
                let what = self.describe_here();
                let hint = if self.peek() == Some(b'}') { " (trailing commas are not allowed)" } else { "" };
                return Err(self.error_at(key_start, format!("expected a member name in double quotes, found {what}{hint}")));
            }
            let key = self.string()?;
            let key_span = self.span_from(key_start);
            self.skip_whitespace();
            if self.peek() != Some(b':') {
                let at = self.mark();
                let what = self.describe_here();
                return Err(self.error_at(at, format!("expected ':' after the member name \"{key}\", found {what}")));
            }
            self.bump();
            self.skip_whitespace();
            let value = self.value(depth)?;
            members.push(JsonMember { key, key_span, value });
            self.skip_whitespace();
            match self.peek() {
                Some(b',') => self.bump(),
                Some(b'}') => {
                    self.bump();
                    return Ok(JsonValue::Object(members));
                }
                _ => {
                    let at = self.mark();
                    let what = self.describe_here();
                    return Err(self.error_at(at, format!("expected ',' or '}}' in the object, found {what}")));
                }
            }
        }
    }

    fn array(&mut self, depth: usize) -> Result<JsonValue, JsonError> {
        let open = self.mark();
        self.check_depth(depth, open)?;
        self.bump(); // '['
        let mut items = Vec::new();
        self.skip_whitespace();
        if self.peek() == Some(b']') {
            self.bump();
            return Ok(JsonValue::Array(items));
        }
        loop {
            self.skip_whitespace();
            if self.peek() == Some(b']') {
                let at = self.mark();
                return Err(self.error_at(at, "expected a JSON value, found ']' (trailing commas are not allowed)"));
            }
            items.push(self.value(depth)?);
            self.skip_whitespace();
            match self.peek() {
                Some(b',') => self.bump(),
                Some(b']') => {
                    self.bump();
                    return Ok(JsonValue::Array(items));
                }
                _ => {
                    let at = self.mark();
                    let what = self.describe_here();
                    return Err(self.error_at(at, format!("expected ',' or ']' in the array, found {what}")));
                }
            }
        }
    }

    /// A string literal starting at the opening quote; returns its decoded text.
    fn string(&mut self) -> Result<String, JsonError> {
        let open = self.mark();
        self.bump(); // '"'
        let mut out = String::new();
        loop {
            // Copy the run of plain characters in one go. '"' and '\\' are ASCII, so the run
            // ends on a character boundary.
            let run_start = self.pos;
            while let Some(b) = self.peek() {
                if b == b'"' || b == b'\\' || b < 0x20 {
                    break;
                }
                self.bump();
            }
            if let Some(run) = self.text.get(run_start..self.pos) {
                out.push_str(run);
            }
            let at = self.mark();
            match self.peek() {
                None => return Err(self.error_at(open, "unterminated string: the closing '\"' is missing")),
                Some(b'"') => {
                    self.bump();
                    return Ok(out);
                }
                Some(b'\\') => {
                    self.bump();
                    let c = self.escape(at)?;
                    out.push(c);
                }
                Some(b) => {
                    return Err(self.error_at(
                        at,
                        format!("control character U+{b:04X} must be escaped inside a string (RFC 8259 §7)"),
                    ));
                }
            }
        }
    }

    /// The character after a backslash. `at` marks the backslash.
    fn escape(&mut self, at: Mark) -> Result<char, JsonError> {
        let c = match self.peek() {
            Some(b'"') => '"',
            Some(b'\\') => '\\',
            Some(b'/') => '/',
            Some(b'b') => '\u{8}',
            Some(b'f') => '\u{c}',
            Some(b'n') => '\n',
            Some(b'r') => '\r',
            Some(b't') => '\t',
            Some(b'u') => {
                self.bump();
                let first = self.hex4(at)?;
                return match first {
                    0xD800..=0xDBFF => {
                        // A high surrogate must be followed by an escaped low surrogate.
                        if self.bytes[self.pos..].starts_with(b"\\u") {
                            self.bump();
                            self.bump();
                            let second = self.hex4(at)?;
                            if (0xDC00..=0xDFFF).contains(&second) {
                                let code = 0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00);
                                char::from_u32(code).ok_or_else(|| self.span_error(at, "invalid surrogate pair"))
                            } else {
                                Err(self.span_error(at, format!("unpaired high surrogate \\u{first:04X}: it must be followed by a low surrogate (\\uDC00-\\uDFFF)")))
                            }
                        } else {
                            Err(self.span_error(at, format!("unpaired high surrogate \\u{first:04X}: it must be followed by a low surrogate (\\uDC00-\\uDFFF)")))
                        }
                    }
                    0xDC00..=0xDFFF => Err(self.span_error(at, format!("unpaired low surrogate \\u{first:04X}"))),
                    _ => char::from_u32(first).ok_or_else(|| self.span_error(at, "invalid \\u escape")),
                };
            }
            _ => {
                let what = self.describe_here();
                return Err(self.span_error(at, format!("invalid escape sequence: '\\' followed by {what}")));
            }
        };
        self.bump();
        Ok(c)
    }

    /// An error spanning from `start` to the current position (for multi-character escapes).
    fn span_error(&self, start: Mark, message: impl Into<String>) -> JsonError {
        JsonError { message: message.into(), span: self.span_from(start) }
    }

    fn hex4(&mut self, at: Mark) -> Result<u32, JsonError> {
        let mut code = 0u32;
        for _ in 0..4 {
            let digit = match self.peek() {
                Some(b) if b.is_ascii_hexdigit() => (b as char).to_digit(16).unwrap_or(0),
                _ => {
                    let what = self.describe_here();
                    return Err(self.span_error(at, format!("invalid \\u escape: expected four hexadecimal digits, found {what}")));
                }
            };
            code = code * 16 + digit;
            self.bump();
        }
        Ok(code)
    }

    /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?` (RFC 8259 §6); returns the text.
    fn number(&mut self) -> Result<String, JsonError> {
        let start = self.mark();
        if self.peek() == Some(b'-') {
            self.bump();
        }
        match self.peek() {
            Some(b'0') => {
                self.bump();
                if self.peek().is_some_and(|b| b.is_ascii_digit()) {
                    let at = self.mark();
                    return Err(self.error_at(at, "leading zeros are not allowed in JSON numbers"));
                }
            }
            Some(b'1'..=b'9') => self.digits(),
            _ => {
                let at = self.mark();
                let what = self.describe_here();
                return Err(self.error_at(at, format!("expected a digit in the number, found {what}")));
            }
        }
        if self.peek() == Some(b'.') {
            self.bump();
            if !self.peek().is_some_and(|b| b.is_ascii_digit()) {
                let at = self.mark();
                let what = self.describe_here();
                return Err(self.error_at(at, format!("expected a digit after the decimal point, found {what}")));
            }
            self.digits();
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.bump();
            if let Some(b'+' | b'-') = self.peek() {
                self.bump();
            }
            if !self.peek().is_some_and(|b| b.is_ascii_digit()) {
                let at = self.mark();
                let what = self.describe_here();
                return Err(self.error_at(at, format!("expected a digit in the exponent, found {what}")));
            }
            self.digits();
        }
        Ok(self.text.get(start.offset..self.pos).unwrap_or_default().to_string())
    }

    fn digits(&mut self) {
        while self.peek().is_some_and(|b| b.is_ascii_digit()) {
            self.bump();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn obj(node: &JsonNode) -> &[JsonMember] {
        match &node.value {
            JsonValue::Object(m) => m,
            other => panic!("not an object: {other:?}"),
        }
    }

    #[test]
    fn scalars_and_structure() {
        let n = parse(r#" {"a": [1, -2.5e3, true, false, null, "x"]} "#).unwrap();
        let m = obj(&n);
        assert_eq!(m[0].key, "a");
        let JsonValue::Array(items) = &m[0].value.value else { panic!() };
        assert_eq!(items[0].value, JsonValue::Number("1".into()));
        assert_eq!(items[1].value, JsonValue::Number("-2.5e3".into()));
        assert_eq!(items[2].value, JsonValue::Bool(true));
        assert_eq!(items[4].value, JsonValue::Null);
        assert_eq!(items[5].value, JsonValue::String("x".into()));
    }

    #[test]
    fn positions_are_one_based_and_count_characters() {
        let text = "{\n  \"é\": \"ü\",\n  \"k\": 12\n}";
        let n = parse(text).unwrap();
        assert_eq!((n.span.line, n.span.column, n.span.offset), (1, 1, 0));
        assert_eq!((n.span.end_line, n.span.end_column, n.span.end_offset), (4, 2, text.len()));
        let m = obj(&n);
        assert_eq!((m[0].key_span.line, m[0].key_span.column), (2, 3));
        // "é" is two bytes but one column.
        assert_eq!((m[0].value.span.line, m[0].value.span.column), (2, 8));
        assert_eq!((m[1].value.span.line, m[1].value.span.column, m[1].value.span.end_column), (3, 8, 10));
        assert_eq!(&text[m[1].value.span.offset..m[1].value.span.end_offset], "12");
    }

    #[test]
    fn duplicates_are_kept_in_order() {
        let n = parse(r#"{"Effect":"Allow","Effect":"Deny"}"#).unwrap();
        let m = obj(&n);
        assert_eq!(m.len(), 2);
        assert_eq!(m[1].value.value, JsonValue::String("Deny".into()));
        assert_eq!(m[1].key_span.column, 19);
    }

    #[test]
    fn escapes_and_surrogate_pairs() {
        let n = parse(r#""a\"b\\c\/d\b\f\n\r\t\u00e9\uD83D\uDE00""#).unwrap();
        assert_eq!(n.value, JsonValue::String("a\"b\\c/d\u{8}\u{c}\n\r\té😀".into()));
        assert!(parse(r#""\uD83D""#).unwrap_err().message.contains("unpaired high surrogate"));
        assert!(parse(r#""\uD83Dx""#).unwrap_err().message.contains("unpaired high surrogate"));
        assert!(parse(r#""\uD83D\u0041""#).unwrap_err().message.contains("unpaired high surrogate"));
        assert!(parse(r#""\uDE00""#).unwrap_err().message.contains("unpaired low surrogate"));
        assert!(parse(r#""\u12G4""#).unwrap_err().message.contains("hexadecimal"));
        assert!(parse(r#""\x""#).unwrap_err().message.contains("invalid escape"));
    }

    #[test]
    fn strictness() {
        for bad in [
            "", "{", "}", "[1,]", r#"{"a":1,}"#, "{'a':1}", "01", "1.", ".5", "-", "1e", "+1", "tru", "True", "NaN",
            "{\"a\" 1}", "{\"a\":1}{}", "\"a\nb\"", "\"abc", "[1 2]", "{1:2}", "\u{feff}{}", "//c\n{}",
        ] {
            assert!(parse(bad).is_err(), "accepted {bad:?}");
        }
        for good in ["{}", "[]", "0", "-0", "1E+2", "\"\"", " \t\r\n{} ", "[[],{}]"] {
            assert!(parse(good).is_ok(), "rejected {good:?}");
        }
    }

    #[test]
    fn error_positions() {
        let e = parse("{\n  \"a\": tru\n}").unwrap_err();
        assert_eq!((e.span.line, e.span.column), (2, 8));
        let e = parse("{\"a\":1,}").unwrap_err();
        assert_eq!((e.span.line, e.span.column), (1, 8));
        assert!(e.message.contains("trailing commas"));
        // An error at a multi-byte character spans the whole character.
        let e = parse("[é]").unwrap_err();
        assert_eq!((e.span.offset, e.span.end_offset), (1, 3));
        let e = parse("{} x").unwrap_err();
        assert_eq!((e.span.line, e.span.column), (1, 4));
        let e = parse("\"abc").unwrap_err();
        assert_eq!(e.span.column, 1);
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_stack_overflow() {
        let deep = "[".repeat(10_000) + &"]".repeat(10_000);
        let e = parse(&deep).unwrap_err();
        assert!(e.message.contains("levels deep"));
        assert_eq!(e.span.column as usize, MAX_DEPTH + 1);
        let deep_obj = "{\"a\":".repeat(10_000);
        assert!(parse(&deep_obj).is_err());
        let ok = "[".repeat(MAX_DEPTH) + &"]".repeat(MAX_DEPTH);
        assert!(parse(&ok).is_ok());
    }

    #[test]
    fn multibyte_text_never_splits_a_character() {
        for text in ["é", "\"é", "{\"é\"", "[\"\\ué\"]", "{\"a\":é}", "1é", "[1,é", "\"\\é\""] {
            let e = parse(text).unwrap_err();
            assert!(text.is_char_boundary(e.span.offset) && text.is_char_boundary(e.span.end_offset), "{text:?}");
        }
    }

    proptest! {
        #[test]
        fn never_panics_on_arbitrary_text(s in "\\PC*") {
            let _ = parse(&s);
        }

        #[test]
        fn never_panics_on_json_like_text(s in "[\\[\\]{}\",:0-9a-z\\\\ \n.eE+-]{0,64}") {
            if let Err(e) = parse(&s) {
                prop_assert!(e.span.offset <= s.len() && e.span.end_offset <= s.len());
                prop_assert!(s.is_char_boundary(e.span.offset) && s.is_char_boundary(e.span.end_offset));
            }
        }

        #[test]
        fn agrees_with_serde_json_on_validity(s in "[\\[\\]{}\",:0-9a-z \\\\.-]{0,24}") {
            // serde_json has its own recursion limit (128) far above anything this generates.
            prop_assert_eq!(parse(&s).is_ok(), serde_json::from_str::<serde_json::Value>(&s).is_ok(), "{:?}", s);
        }
    }
}
