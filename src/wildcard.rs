//! Compiled IAM match patterns: `*` / `?` wildcards and `${...}` policy variables, compiled once
//! per policy element and matched without building a regex per request.
//!
//! AWS rules (IAM JSON policy reference, "IAM JSON policy elements: Resource" / "Action" and
//! "IAM policy elements: Variables and tags"):
//! - `*` matches any run of characters (including none and including `/` and `:`), `?` exactly one.
//! - Policy variables `${key}` and `${key, 'default'}` are substituted only when the policy's
//!   Version is 2012-10-17; `${*}`, `${?}` and `${$}` stand for the literal characters.
//! - A substituted value is matched literally: a `*` inside a tag value is not a wildcard.
//! - A variable whose key is absent from the request context (and has no default) makes the
//!   element not match.

use std::borrow::Cow;

/// A reference to a request-context key inside a pattern: `${aws:username}`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VarRef {
    /// The key as written in the policy (for traces).
    pub key: String,
    /// The key lower-cased: condition keys are case-insensitive.
    pub key_lower: String,
    /// `${key, 'default'}`.
    pub default: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Token {
    /// Literal text (already lower-cased when the pattern is case-insensitive).
    Lit(String),
    Star,
    One,
    Var(VarRef),
}

/// How a pattern's text is read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PatternSyntax {
    /// `*` and `?` are wildcards (Action, Resource, StringLike, ArnLike); otherwise literal.
    pub wildcards: bool,
    /// `${...}` policy variables are substituted (Version 2012-10-17 only).
    pub variables: bool,
    /// Compare without regard to case (actions, StringEqualsIgnoreCase).
    pub case_insensitive: bool,
}

/// Looks up single-valued request-context values for policy variables.
/// `key_lower` is the lower-cased key (e.g. `aws:principaltag/team`).
pub trait VariableResolver {
    fn resolve(&self, key_lower: &str) -> Option<Cow<'_, str>>;
}

/// A resolver that knows no keys: for patterns without variables.
pub struct NoVariables;

impl VariableResolver for NoVariables {
    fn resolve(&self, _key_lower: &str) -> Option<Cow<'_, str>> {
        None
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pattern {
    source: String,
    tokens: Vec<Token>,
    case_insensitive: bool,
    has_wildcard: bool,
    has_variables: bool,
}

impl Pattern {
    /// Compiles `text` under `syntax`. Never fails: malformed variable syntax (an unterminated
    /// `${`) is taken literally, as IAM does not reject it.
    pub fn compile(text: &str, syntax: PatternSyntax) -> Pattern {
        Pattern::compile_from(text, syntax, 0)
    }

    /// Compiles a Resource ARN: policy variables are substituted only after the ARN's fifth
    /// colon. "IAM policy elements: Variables and tags" (Using policy variables in the Resource
    /// element): "You can't use a variable to replace parts of the ARN before the fifth colon,
    /// such as the service or account." Before it, `${…}` stays literal text (and so matches
    /// nothing real). Colons inside a `${…}` are not counted.
    pub fn compile_resource(text: &str, syntax: PatternSyntax) -> Pattern {
        let mut colons = 0;
        let mut rest = text;
        let mut offset = 0;
        // With fewer than five colons no part of the text is after the fifth: no substitution.
        let mut var_start = text.len() + 1;
        while let Some(c) = rest.chars().next() {
            if rest.starts_with("${") {
                if let Some(end) = rest.find('}') {
                    offset += end + 1;
                    rest = &rest[end + 1..];
                    continue;
                }
            }
            offset += c.len_utf8();
            rest = &rest[c.len_utf8()..];
            if c == ':' {
                colons += 1;
                if colons == 5 {
                    var_start = offset;
                    break;
                }
            }
        }
        Pattern::compile_from(text, syntax, var_start)
    }

    /// Compiles `text`, substituting variables only from byte offset `var_start` on.
    fn compile_from(text: &str, syntax: PatternSyntax, var_start: usize) -> Pattern {
        let mut tokens: Vec<Token> = Vec::new();
        let mut lit = String::new();
        let mut has_wildcard = false;
        let mut has_variables = false;
        let flush = |lit: &mut String, tokens: &mut Vec<Token>| {
            if !lit.is_empty() {
                let text = std::mem::take(lit);
                match tokens.last_mut() {
                    Some(Token::Lit(prev)) => prev.push_str(&text),
                    _ => tokens.push(Token::Lit(text)),
                }
            }
        };
        let mut rest = text;
        while let Some(c) = rest.chars().next() {
            if syntax.variables && text.len() - rest.len() >= var_start && rest.starts_with("${") {
                if let Some(end) = rest.find('}') {
                    let inner = &rest[2..end];
                    rest = &rest[end + 1..];
                    match inner {
                        "*" | "?" | "$" => lit.push_str(inner),
                        _ => match parse_variable(inner) {
                            Some(var) => {
                                flush(&mut lit, &mut tokens);
                                has_variables = true;
                                tokens.push(Token::Var(var));
                            }
                            None => {
                                lit.push_str("${");
                                lit.push_str(inner);
                                lit.push('}');
                            }
                        },
                    }
                    continue;
                }
            }
            rest = &rest[c.len_utf8()..];
            match c {
                '*' if syntax.wildcards => {
                    flush(&mut lit, &mut tokens);
                    has_wildcard = true;
                    // Consecutive stars are one star.
                    if tokens.last() != Some(&Token::Star) {
                        tokens.push(Token::Star);
                    }
                }
                '?' if syntax.wildcards => {
                    flush(&mut lit, &mut tokens);
                    has_wildcard = true;
                    tokens.push(Token::One);
                }
                _ => lit.push(c),
            }
        }
        flush(&mut lit, &mut tokens);
        if syntax.case_insensitive {
            for t in &mut tokens {
                if let Token::Lit(s) = t {
                    *s = s.to_lowercase();
                }
            }
        }
        Pattern { source: text.to_string(), tokens, case_insensitive: syntax.case_insensitive, has_wildcard, has_variables }
    }

    /// The text as written in the policy.
    pub fn source(&self) -> &str {
        &self.source
    }

    pub fn has_wildcard(&self) -> bool {
        self.has_wildcard
    }

    pub fn has_variables(&self) -> bool {
        self.has_variables
    }

    /// True when the pattern is exactly `*` (matches everything).
    pub fn is_match_all(&self) -> bool {
        self.tokens.len() == 1 && self.tokens[0] == Token::Star
    }

    /// The policy variables the pattern uses.
    pub fn variables(&self) -> impl Iterator<Item = &VarRef> {
        self.tokens.iter().filter_map(|t| match t {
            Token::Var(v) => Some(v),
            _ => None,
        })
    }

    /// Does `input` match? Variables are resolved through `vars`; an unresolvable variable
    /// without a default makes the pattern match nothing.
    pub fn matches(&self, input: &str, vars: &dyn VariableResolver) -> bool {
        let lowered;
        // Byte scan: callers usually pass already lower-cased ASCII (actions), so this is cheap.
        let input = if self.case_insensitive && input.bytes().any(|b| b.is_ascii_uppercase() || !b.is_ascii()) {
            lowered = input.to_lowercase();
            lowered.as_str()
        } else {
            input
        };
        self.matches_lowered(input, vars)
    }

    /// `matches` for an input the caller has already lower-cased when the pattern ignores case
    /// (the evaluator lower-cases a request's action once, not once per pattern).
    pub fn matches_lowered(&self, input: &str, vars: &dyn VariableResolver) -> bool {
        if !self.has_variables {
            return glob(&self.tokens, input);
        }
        match self.resolve_tokens(vars) {
            Some(tokens) => glob(&tokens, input),
            None => false,
        }
    }

    /// The pattern with its variables substituted (wildcards kept as written), or `None` when a
    /// variable cannot be resolved. Used by traces and by operators that compare whole values.
    pub fn substitute(&self, vars: &dyn VariableResolver) -> Option<String> {
        if !self.has_variables {
            return Some(self.source.clone());
        }
        let mut out = String::new();
        for t in &self.tokens {
            match t {
                Token::Lit(s) => out.push_str(s),
                Token::Star => out.push('*'),
                Token::One => out.push('?'),
                Token::Var(v) => out.push_str(&resolve_var(v, vars)?),
            }
        }
        Some(out)
    }

    fn resolve_tokens(&self, vars: &dyn VariableResolver) -> Option<Vec<Token>> {
        let mut out = Vec::with_capacity(self.tokens.len());
        for t in &self.tokens {
            match t {
                Token::Var(v) => {
                    let mut value = resolve_var(v, vars)?.into_owned();
                    if self.case_insensitive {
                        value = value.to_lowercase();
                    }
                    match out.last_mut() {
                        Some(Token::Lit(prev)) => prev.push_str(&value),
                        _ => out.push(Token::Lit(value)),
                    }
                }
                Token::Lit(s) => match out.last_mut() {
                    Some(Token::Lit(prev)) => prev.push_str(s),
                    _ => out.push(Token::Lit(s.clone())),
                },
                other => out.push(other.clone()),
            }
        }
        Some(out)
    }
}

fn resolve_var<'a>(v: &'a VarRef, vars: &'a dyn VariableResolver) -> Option<Cow<'a, str>> {
    match vars.resolve(&v.key_lower) {
        Some(value) => Some(value),
        None => v.default.as_deref().map(Cow::Borrowed),
    }
}

/// `key` or `key, 'default'` (whitespace around the comma allowed).
fn parse_variable(inner: &str) -> Option<VarRef> {
    let (key, default) = match inner.split_once(',') {
        Some((key, rest)) => {
            let rest = rest.trim();
            let default = rest.strip_prefix('\'')?.strip_suffix('\'')?;
            (key.trim(), Some(default.to_string()))
        }
        None => (inner.trim(), None),
    };
    if key.is_empty() || key.contains(char::is_whitespace) {
        return None;
    }
    Some(VarRef { key: key.to_string(), key_lower: key.to_lowercase(), default })
}

/// Glob match with star backtracking: linear in practice, O(n·m) worst case, no allocation.
/// Works on bytes: a literal is valid UTF-8 and starts with a leading byte, so it can only match
/// at a character boundary; `?` and a star's next try step over one whole character. The common
/// shapes (`text`, `*`, `prefix*`, `*suffix`) are one comparison each.
fn glob(tokens: &[Token], s: &str) -> bool {
    let s = s.as_bytes();
    match tokens {
        [Token::Lit(l)] => bytes_eq(l.as_bytes(), s),
        [Token::Star] => true,
        [Token::Lit(l), Token::Star] => s.len() >= l.len() && bytes_eq(l.as_bytes(), &s[..l.len()]),
        [Token::Star, Token::Lit(l)] => ends_with_after(s, 0, l.as_bytes()),
        _ => glob_general(tokens, s),
    }
}

fn glob_general(tokens: &[Token], s: &[u8]) -> bool {
    let (mut p, mut i) = (0usize, 0usize);
    let mut star: Option<(usize, usize)> = None;
    loop {
        if p < tokens.len() {
            let advanced = match &tokens[p] {
                Token::Star => {
                    // A star before the last token, a literal, matches when the input ends with
                    // that literal (after what is matched so far): no backtracking needed.
                    if let [Token::Lit(l)] = &tokens[p + 1..] {
                        return ends_with_after(s, i, l.as_bytes());
                    }
                    star = Some((p + 1, i));
                    p += 1;
                    continue;
                }
                Token::One => match s.get(i) {
                    Some(&b) => {
                        i += utf8_width(b);
                        true
                    }
                    None => false,
                },
                Token::Lit(l) => {
                    let l = l.as_bytes();
                    if s.len() >= i + l.len() && bytes_eq(l, &s[i..i + l.len()]) {
                        i += l.len();
                        true
                    } else {
                        false
                    }
                }
                Token::Var(_) => false,
            };
            if advanced {
                p += 1;
                continue;
            }
        } else if i == s.len() {
            return true;
        }
        // Backtrack: the last star takes one more character. When a literal follows it, skip
        // straight to the next place where the literal's first byte occurs.
        match star {
            Some((sp, si)) if si < s.len() => {
                let mut next = si + utf8_width(s[si]);
                // (A literal can be empty when a variable's value is.)
                if let Some(&first) = tokens.get(sp).and_then(|t| if let Token::Lit(l) = t { l.as_bytes().first() } else { None }) {
                    while next < s.len() && s[next] != first {
                        next += 1;
                    }
                }
                star = Some((sp, next));
                p = sp;
                i = next;
            }
            _ => return false,
        }
    }
}

/// Byte-wise equality written out: the strings compared here are short, and in the wasm build
/// a call to `memcmp` costs more than the loop.
#[inline]
fn bytes_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x == y)
}

/// Does `s` end with `l`, the two not overlapping `s[..from]` (what is matched already)?
#[inline]
fn ends_with_after(s: &[u8], from: usize, l: &[u8]) -> bool {
    s.len() >= from + l.len() && bytes_eq(l, &s[s.len() - l.len()..])
}

/// The length of the UTF-8 character whose first byte is `b`.
#[inline]
fn utf8_width(b: u8) -> usize {
    match b {
        0x00..=0x7f => 1,
        0xc0..=0xdf => 2,
        0xe0..=0xef => 3,
        _ => 4,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    const GLOB: PatternSyntax = PatternSyntax { wildcards: true, variables: true, case_insensitive: false };

    struct Map(HashMap<&'static str, &'static str>);
    impl VariableResolver for Map {
        fn resolve(&self, key_lower: &str) -> Option<Cow<'_, str>> {
            self.0.get(key_lower).map(|v| Cow::Borrowed(*v))
        }
    }

    fn m(p: &str, s: &str) -> bool {
        Pattern::compile(p, GLOB).matches(s, &NoVariables)
    }

    #[test]
    fn wildcards() {
        assert!(m("*", ""));
        assert!(m("*", "arn:aws:s3:::b/k"));
        assert!(m("arn:aws:s3:::b/*", "arn:aws:s3:::b/a/b/c"));
        assert!(!m("arn:aws:s3:::b/*", "arn:aws:s3:::c/a"));
        assert!(m("a?c", "abc"));
        assert!(!m("a?c", "ac"));
        assert!(m("a*b*c", "aXbYbZc"));
        assert!(!m("a*b*c", "aXbYbZ"));
        assert!(m("é?", "éü"));
        assert!(!m("abc", "abcd"));
    }

    #[test]
    fn case_insensitive_actions() {
        let p = Pattern::compile("S3:Get*", PatternSyntax { wildcards: true, variables: false, case_insensitive: true });
        assert!(p.matches("s3:getobject", &NoVariables));
        assert!(p.matches("S3:GETOBJECT", &NoVariables));
        assert!(!p.matches("s3:PutObject", &NoVariables));
    }

    /// Reference matcher: plain recursion over characters, straight from the rule
    /// ("`*` matches any run of characters, `?` exactly one").
    fn reference(p: &[char], s: &[char]) -> bool {
        match p.split_first() {
            None => s.is_empty(),
            Some(('*', rest)) => (0..=s.len()).any(|i| reference(rest, &s[i..])),
            Some(('?', rest)) => !s.is_empty() && reference(rest, &s[1..]),
            Some((c, rest)) => s.first() == Some(c) && reference(rest, &s[1..]),
        }
    }

    proptest::proptest! {
        #[test]
        fn glob_agrees_with_reference(p in "[ab*?é:/]{0,10}", s in "[abé:/]{0,12}") {
            let syntax = PatternSyntax { wildcards: true, variables: false, case_insensitive: false };
            let expected = reference(&p.chars().collect::<Vec<_>>(), &s.chars().collect::<Vec<_>>());
            proptest::prop_assert_eq!(Pattern::compile(&p, syntax).matches(&s, &NoVariables), expected, "pattern {:?} input {:?}", p, s);
        }

        #[test]
        fn case_insensitive_glob_agrees_with_reference(p in "[aAbB*?:]{0,8}", s in "[aAbB:]{0,10}") {
            let syntax = PatternSyntax { wildcards: true, variables: false, case_insensitive: true };
            let expected = reference(&p.to_lowercase().chars().collect::<Vec<_>>(), &s.to_lowercase().chars().collect::<Vec<_>>());
            proptest::prop_assert_eq!(Pattern::compile(&p, syntax).matches(&s, &NoVariables), expected, "pattern {:?} input {:?}", p, s);
        }

        #[test]
        fn literal_patterns_match_only_themselves(p in "[ab*?]{0,8}", s in "[ab*?]{0,8}") {
            let syntax = PatternSyntax { wildcards: false, variables: false, case_insensitive: false };
            proptest::prop_assert_eq!(Pattern::compile(&p, syntax).matches(&s, &NoVariables), p == s);
        }

        /// A variable's value (possibly empty) is literal text between the wildcards.
        #[test]
        fn variables_agree_with_reference(pre in "[ab*?é]{0,5}", post in "[ab*?é]{0,5}", value in "[abé]{0,3}", s in "[abé]{0,12}") {
            let pattern = Pattern::compile(&format!("{pre}${{v}}{post}"), GLOB);
            let vars = Map(HashMap::from([("v", Box::leak(value.clone().into_boxed_str()) as &'static str)]));
            let substituted: Vec<char> = format!("{pre}{value}{post}").chars().collect();
            let expected = reference(&substituted, &s.chars().collect::<Vec<_>>());
            proptest::prop_assert_eq!(pattern.matches(&s, &vars), expected, "pattern {:?}${{v}}{:?} value {:?} input {:?}", pre, post, value, s);
        }

        #[test]
        fn compile_never_panics(p in "\\PC{0,24}", s in "\\PC{0,24}") {
            let syntax = PatternSyntax { wildcards: true, variables: true, case_insensitive: true };
            let _ = Pattern::compile(&p, syntax).matches(&s, &NoVariables);
        }
    }

    #[test]
    fn variables_and_defaults() {
        let vars = Map(HashMap::from([("aws:username", "alice"), ("aws:principaltag/team", "a*")]));
        let p = Pattern::compile("arn:aws:s3:::b/${aws:username}/*", GLOB);
        assert!(p.matches("arn:aws:s3:::b/alice/x", &vars));
        assert!(!p.matches("arn:aws:s3:::b/bob/x", &vars));
        // Unresolved variable without default: no match at all.
        let p = Pattern::compile("${aws:PrincipalTag/missing}", GLOB);
        assert!(!p.matches("", &vars));
        let p = Pattern::compile("${aws:PrincipalTag/missing, 'none'}", GLOB);
        assert!(p.matches("none", &vars));
        // Substituted values are literal.
        let p = Pattern::compile("${aws:PrincipalTag/team}", GLOB);
        assert!(p.matches("a*", &vars));
        assert!(!p.matches("ab", &vars));
        // Special characters.
        let p = Pattern::compile("a${*}b${?}${$}", GLOB);
        assert!(p.matches("a*b?$", &vars));
        assert!(!p.matches("aXb?$", &vars));
        // Resource ARNs: no variables before the fifth colon (service, region, account).
        let vars = Map(HashMap::from([("aws:username", "alice"), ("aws:principalaccount", "111122223333")]));
        let p = Pattern::compile_resource("arn:aws:dynamodb:us-east-1:${aws:PrincipalAccount}:table/T", GLOB);
        assert!(!p.matches("arn:aws:dynamodb:us-east-1:111122223333:table/T", &vars));
        assert!(p.matches("arn:aws:dynamodb:us-east-1:${aws:PrincipalAccount}:table/T", &vars));
        let p = Pattern::compile_resource("arn:aws:sqs:us-east-1:*:${aws:username}-queue", GLOB);
        assert!(p.matches("arn:aws:sqs:us-east-1:111122223333:alice-queue", &vars));
        let p = Pattern::compile_resource("arn:aws:s3:::bucket/${aws:username}/*", GLOB);
        assert!(p.matches("arn:aws:s3:::bucket/alice/x", &vars));
        // Variables off (Version 2008-10-17): taken literally.
        let p = Pattern::compile("${aws:username}", PatternSyntax { variables: false, ..GLOB });
        assert!(p.matches("${aws:username}", &vars));
    }
}
