//! Organizations outside the zone of trust, as a witness needs them: the organization (and the
//! place in its tree) an outside account must belong to for `aws:PrincipalOrgID`,
//! `aws:PrincipalOrgPaths`, `aws:SourceOrgID` or `aws:SourceOrgPaths` to match, found from the
//! condition's own values ("AWS global condition context keys": a path is
//! `o-…/r-…/ou-…/…/`, and `*` in a `StringLike` value matches any run of characters, `/`
//! included).

use crate::policy::Condition;
use crate::sts::world::World;
use crate::sts::world::org;

use super::{Zone, has_wildcard, value_matches};

/// The organization ids a witness's own organization is drawn from, when any organization
/// (or any but some) will do: the first one the condition, the world and the zone allow.
const WITNESS_ORGS: [&str; 4] = ["o-stssimoutside0", "o-stssimoutside1", "o-stssimoutside2", "o-stssimoutside3"];

/// Where an outside account must sit: an organization, its root and the OUs from the root down.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OrgPlacement {
    pub id: String,
    /// The root id the path names (`None`: whatever root the organization has).
    pub root: Option<String>,
    pub ous: Vec<String>,
    /// Any organization outside the zone would do (the id is the witness's choice).
    pub any: bool,
    /// The `...OrgPaths` value the placement instantiates, if it comes from one.
    pub pattern: Option<String>,
}

impl OrgPlacement {
    pub fn organization(id: &str) -> OrgPlacement {
        OrgPlacement { id: id.to_string(), root: None, ous: Vec::new(), any: false, pattern: None }
    }

    /// The organization path an account placed here has (`aws:PrincipalOrgPaths`): the root is
    /// the one the path names, else the one the world gives the organization, else the one the
    /// loader derives for a new organization (`org::derived_root_id`).
    pub fn path(&self, world: &World) -> String {
        let root = self.root.clone().or_else(|| world.organization_by_id(&self.id).map(|o| o.root_id().to_string())).unwrap_or_else(|| org::derived_root_id(&self.id));
        let mut path = format!("{}/{root}/", self.id);
        for ou in &self.ous {
            path.push_str(ou);
            path.push('/');
        }
        path
    }
}

/// An id of the kind `prefix` + at least `min` lowercase letters or digits that the pattern
/// `text` matches: `text` itself without wildcards, else `?` filled with `0` and the first `*`
/// with as many `0` as the minimum length needs (the others with nothing). `None` when that
/// does not give an id of the kind (`valid`).
fn fill(text: &str, prefix: &str, min: usize, valid: impl Fn(&str) -> bool) -> Option<String> {
    if !has_wildcard(text) {
        return valid(text).then(|| text.to_string());
    }
    // A leading `*` covers the prefix too: `*abc` → `o-*abc` (still an instance of the pattern).
    let mut out = if text.starts_with('*') && !text.starts_with(prefix) { format!("{prefix}{text}") } else { text.to_string() };
    let need = (prefix.len() + min).saturating_sub(out.replace('*', "").len());
    out = out.replacen('*', &"0".repeat(need), 1).replace('*', "").replace('?', "0");
    valid(&out).then_some(out)
}

/// An organization id outside the zone that `c` (on aws:PrincipalOrgID or aws:SourceOrgID)
/// matches: one of its values, or an instance of a pattern; `prefer` first when it matches.
pub fn org_id_for(c: &Condition, zone: &Zone, prefer: Option<&str>) -> Option<String> {
    if let Some(p) = prefer.filter(|p| value_matches(c, p) && !zone.contains_org(p)) {
        return Some(p.to_string());
    }
    c.values.iter().filter_map(|v| fill(&v.text, "o-", 10, org::is_org_id)).find(|id| !zone.contains_org(id) && value_matches(c, id))
}

/// An organization id for a witness account when any organization outside the zone will do:
/// one `avoid` (a negated condition) does not match and the world does not already describe.
pub fn witness_org_id(world: &World, zone: &Zone, avoid: Option<&Condition>) -> String {
    WITNESS_ORGS
        .iter()
        .find(|id| !zone.contains_org(id) && world.organization_by_id(id).is_none() && !avoid.is_some_and(|c| value_matches(c, id)))
        .unwrap_or(&WITNESS_ORGS[0])
        .to_string()
}

/// A placement outside the zone whose path `c` (on aws:PrincipalOrgPaths or aws:SourceOrgPaths)
/// matches, built from one of its values: literal segments as written, wildcard segments filled
/// with ids of their kind (organization, root, OU), a trailing `*` left to match the rest. Each
/// candidate is checked against the condition itself.
pub fn placement_for_paths(c: &Condition, world: &World, zone: &Zone, prefer_org: Option<&str>) -> Option<OrgPlacement> {
    c.values.iter().filter_map(|v| placement_for_path(&v.text, world, prefer_org)).find(|p| !zone.contains_org(&p.id) && value_matches(c, &p.path(world)))
}

fn placement_for_path(pattern: &str, world: &World, prefer_org: Option<&str>) -> Option<OrgPlacement> {
    let segments: Vec<&str> = pattern.split('/').collect();
    let matches = |segment: &str, id: &str| super::wildcard_pattern(segment, false).matches(id, &crate::wildcard::NoVariables);
    let id = match prefer_org {
        Some(p) if matches(segments[0], p) => p.to_string(),
        _ => fill(segments[0], "o-", 10, org::is_org_id)?,
    };
    let existing = world.organization_by_id(&id);
    // The node of the existing organization the path has reached (`None` once it leaves it).
    let mut node = existing.map(|_| 0usize);
    let mut placement = OrgPlacement { pattern: Some(pattern.to_string()), ..OrgPlacement::organization(&id) };
    for (i, segment) in segments.iter().enumerate().skip(1) {
        // What is left matches any run of characters (or nothing): the path may end here.
        if segments[i..].join("/").chars().all(|ch| ch == '*') {
            break;
        }
        if i == 1 {
            let from_next_ou = segments.get(2).filter(|s| !has_wildcard(s)).and_then(|s| org::ou_id_root(s)).map(|r| format!("r-{r}"));
            let root = if !has_wildcard(segment) {
                segment.to_string()
            } else {
                let existing_root = existing.map(|o| o.root_id().to_string());
                existing_root.filter(|r| matches(segment, r)).or(from_next_ou.filter(|r| matches(segment, r))).or_else(|| fill(segment, "r-", 4, org::is_root_id))?
            };
            if existing.is_some_and(|o| o.root_id() != root) {
                node = None;
            }
            placement.root = Some(root);
            continue;
        }
        let root_part = placement.root.as_deref().map_or("", |r| &r[2..]).to_string();
        // An OU of the existing organization under the node reached, when one matches.
        let child = existing.zip(node).and_then(|(o, n)| (0..o.nodes.len()).find(|&c| o.nodes[c].parent == Some(n) && matches(segment, &o.nodes[c].id)));
        let ou = match (child, existing) {
            (Some(c), Some(o)) => o.nodes[c].id.clone(),
            _ if !has_wildcard(segment) => segment.to_string(),
            _ => fill(segment, &format!("ou-{root_part}-"), 8, |s| org::ou_id_root(s) == Some(root_part.as_str())).unwrap_or_else(|| format!("ou-{root_part}-00000000")),
        };
        node = child;
        placement.ous.push(ou);
    }
    Some(placement)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fills_ids_of_each_kind() {
        assert_eq!(fill("o-a1b2c3d4e5", "o-", 10, org::is_org_id).as_deref(), Some("o-a1b2c3d4e5"));
        assert_eq!(fill("o-*", "o-", 10, org::is_org_id).as_deref(), Some("o-0000000000"));
        assert_eq!(fill("*", "o-", 10, org::is_org_id).as_deref(), Some("o-0000000000"));
        assert_eq!(fill("o-abc*", "o-", 10, org::is_org_id).as_deref(), Some("o-abc0000000"));
        assert_eq!(fill("r-*", "r-", 4, org::is_root_id).as_deref(), Some("r-0000"));
        assert_eq!(fill("ou-ab12-*", "ou-ab12-", 8, |s| org::ou_id_root(s) == Some("ab12")).as_deref(), Some("ou-ab12-00000000"));
        assert_eq!(fill("o-short", "o-", 10, org::is_org_id), None);
    }
}
