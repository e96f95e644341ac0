//! IP address condition operators: IPv4 and IPv6 CIDR ranges.
//!
//! "IAM JSON policy elements: Condition operators", IP address condition operators
//! (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_IPAddress):
//! the value is "in the standard CIDR format (for example, 203.0.113.0/24 or
//! 2001:DB8:1234:5678::/64)"; an address without a prefix length means that one address.
//! Policy variables and wildcards are not supported.

use std::net::IpAddr;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cidr {
    V4 { network: u32, prefix: u8 },
    V6 { network: u128, prefix: u8 },
}

impl Cidr {
    pub fn parse(text: &str) -> Option<Cidr> {
        let (addr, prefix) = match text.split_once('/') {
            Some((a, p)) => {
                if p.is_empty() || p.len() > 3 || !p.bytes().all(|b| b.is_ascii_digit()) {
                    return None;
                }
                (a, Some(p.parse::<u8>().ok()?))
            }
            None => (text, None),
        };
        match addr.parse::<IpAddr>().ok()? {
            IpAddr::V4(a) => {
                let prefix = prefix.unwrap_or(32);
                (prefix <= 32).then(|| Cidr::V4 { network: u32::from(a) & mask32(prefix), prefix })
            }
            IpAddr::V6(a) => {
                let prefix = prefix.unwrap_or(128);
                (prefix <= 128).then(|| Cidr::V6 { network: u128::from(a) & mask128(prefix), prefix })
            }
        }
    }

    /// An IPv4 address is never inside an IPv6 range and vice versa.
    pub fn contains(&self, ip: IpAddr) -> bool {
        match (self, ip) {
            (Cidr::V4 { network, prefix }, IpAddr::V4(a)) => u32::from(a) & mask32(*prefix) == *network,
            (Cidr::V6 { network, prefix }, IpAddr::V6(a)) => u128::from(a) & mask128(*prefix) == *network,
            _ => false,
        }
    }
}

fn mask32(prefix: u8) -> u32 {
    if prefix == 0 { 0 } else { u32::MAX << (32 - u32::from(prefix)) }
}

fn mask128(prefix: u8) -> u128 {
    if prefix == 0 { 0 } else { u128::MAX << (128 - u32::from(prefix)) }
}

/// A request-context address: a bare IPv4 or IPv6 address.
pub fn parse_ip(text: &str) -> Option<IpAddr> {
    text.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        parse_ip(s).unwrap()
    }

    #[test]
    fn v4_and_v6() {
        let c = Cidr::parse("203.0.113.0/24").unwrap();
        assert!(c.contains(ip("203.0.113.200")));
        assert!(!c.contains(ip("203.0.114.1")));
        assert!(!c.contains(ip("2001:db8::1")));
        assert!(Cidr::parse("10.1.2.3").unwrap().contains(ip("10.1.2.3")));
        assert!(!Cidr::parse("10.1.2.3").unwrap().contains(ip("10.1.2.4")));
        assert!(Cidr::parse("0.0.0.0/0").unwrap().contains(ip("8.8.8.8")));
        let c6 = Cidr::parse("2001:DB8:1234:5678::/64").unwrap();
        assert!(c6.contains(ip("2001:db8:1234:5678:ffff::1")));
        assert!(!c6.contains(ip("2001:db8:1234:5679::1")));
        assert!(!c6.contains(ip("10.0.0.1")));
        for bad in ["10.0.0.0/33", "10.0.0/8", "10.0.0.0/", "10.0.0.0/a", "::/129", "host", ""] {
            assert_eq!(Cidr::parse(bad), None, "{bad}");
        }
    }
}
