//! Who is on the other end of a request, and how repeated sign-in failures are slowed down.
//!
//! Behind a reverse proxy every request comes from the proxy's address, so the client's own
//! address is read from `X-Forwarded-For`, but only when the request came from a proxy the
//! administrator named (`trusted_proxies`): anyone else could write any address there.
//!
//! Failures never lock an account: that would let anyone who knows an email address keep its
//! owner out. Instead the wait grows for one account tried from one address (an attacker slows
//! only their own guesses), and one address that fails on many accounts is held back as a whole.

use crate::AppState;
use crate::error::AppError;
use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use hitstaff_store::Store;
use std::net::{IpAddr, SocketAddr};

/// The addresses of reverse proxies whose `X-Forwarded-For` is believed: single addresses or
/// CIDR ranges (`10.0.0.0/8`, `::1`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TrustedProxies(Vec<(IpAddr, u8)>);

impl TrustedProxies {
    /// Parses a comma- or space-separated list; the error names the entry that is not an address.
    pub fn parse(list: &str) -> Result<Self, String> {
        let mut nets = Vec::new();
        for entry in list.split([',', ' ']).map(str::trim).filter(|e| !e.is_empty()) {
            let (addr, bits) = match entry.split_once('/') {
                Some((a, b)) => (a, Some(b)),
                None => (entry, None),
            };
            let addr: IpAddr = addr.parse().map_err(|_| {
                format!("{entry:?} is not an IP address or range; write one like 10.0.0.2 or 10.0.0.0/8")
            })?;
            let max = if addr.is_ipv4() { 32 } else { 128 };
            let bits = match bits {
                None => max,
                Some(b) => b
                    .parse::<u8>()
                    .ok()
                    .filter(|b| *b <= max)
                    .ok_or_else(|| format!("{entry:?}: the prefix length must be 0 to {max}"))?,
            };
            nets.push((addr, bits));
        }
        Ok(Self(nets))
    }

    /// Whether `ip` is one of the trusted proxies.
    pub fn contains(&self, ip: IpAddr) -> bool {
        let ip = canonical(ip);
        self.0.iter().any(|(net, bits)| match (canonical(*net), ip) {
            (IpAddr::V4(n), IpAddr::V4(a)) => prefix_eq(&n.octets(), &a.octets(), *bits),
            (IpAddr::V6(n), IpAddr::V6(a)) => prefix_eq(&n.octets(), &a.octets(), *bits),
            _ => false,
        })
    }

    /// The client's address: the peer's, unless the peer is a trusted proxy; then the nearest
    /// address in `X-Forwarded-For` (read from the right) that is not a trusted proxy itself.
    pub fn client(&self, peer: IpAddr, forwarded_for: &[&str]) -> IpAddr {
        if !self.contains(peer) {
            return canonical(peer);
        }
        let mut hops = forwarded_for
            .iter()
            .rev()
            .flat_map(|h| h.rsplit(','))
            .map(str::trim);
        let mut client = canonical(peer);
        for hop in &mut hops {
            let Ok(ip) = hop.parse::<IpAddr>() else {
                // A hop that is not an address (a port, "unknown"): stop at the last good one.
                break;
            };
            client = canonical(ip);
            if !self.contains(ip) {
                break;
            }
        }
        client
    }
}

/// An IPv4 address written as IPv6 (`::ffff:10.0.0.1`) is the IPv4 address.
fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
        v4 => v4,
    }
}

fn prefix_eq(net: &[u8], addr: &[u8], bits: u8) -> bool {
    let bits = usize::from(bits);
    let whole = bits / 8;
    if net[..whole] != addr[..whole] {
        return false;
    }
    let rest = bits % 8;
    rest == 0 || {
        let mask = 0xffu8 << (8 - rest);
        net[whole] & mask == addr[whole] & mask
    }
}

/// The client's network address, as far as the configured proxies let us know it.
#[derive(Debug, Clone, Copy)]
pub struct ClientAddress(pub IpAddr);

impl std::fmt::Display for ClientAddress {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

impl<S: Store> FromRequestParts<AppState<S>> for ClientAddress {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState<S>) -> Result<Self, AppError> {
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|c| c.0.ip())
            .ok_or_else(|| AppError::Internal("the server was started without connection info".into()))?;
        let forwarded: Vec<&str> = parts
            .headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .collect();
        Ok(ClientAddress(state.auth.trusted_proxies.client(peer, &forwarded)))
    }
}

pub use hitstaff_app::account::SignInLimits;

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn only_a_trusted_proxy_is_believed_about_the_client() {
        let none = TrustedProxies::default();
        assert_eq!(none.client(ip("127.0.0.1"), &["203.0.113.5"]), ip("127.0.0.1"));
        let proxies = TrustedProxies::parse("127.0.0.1, 10.0.0.0/8 ::1").unwrap();
        assert_eq!(
            proxies.client(ip("127.0.0.1"), &["203.0.113.5"]),
            ip("203.0.113.5")
        );
        // The client wrote a false first hop; the proxies appended the real one.
        assert_eq!(
            proxies.client(ip("10.1.2.3"), &["198.51.100.1, 203.0.113.5", "10.9.9.9"]),
            ip("203.0.113.5")
        );
        assert_eq!(
            proxies.client(ip("203.0.113.7"), &["10.0.0.1"]),
            ip("203.0.113.7"),
            "not from a proxy"
        );
        assert_eq!(
            proxies.client(ip("::ffff:127.0.0.1"), &["192.0.2.4"]),
            ip("192.0.2.4")
        );
        assert_eq!(proxies.client(ip("127.0.0.1"), &[]), ip("127.0.0.1"));
        assert_eq!(proxies.client(ip("127.0.0.1"), &["garbage"]), ip("127.0.0.1"));
        assert!(proxies.contains(ip("10.255.0.1")) && !proxies.contains(ip("11.0.0.1")));
        assert!(
            TrustedProxies::parse("10.0.0.0/33")
                .unwrap_err()
                .contains("0 to 32")
        );
        assert!(
            TrustedProxies::parse("proxy.local")
                .unwrap_err()
                .contains("not an IP")
        );
        let odd = TrustedProxies::parse("192.168.4.0/22").unwrap();
        assert!(odd.contains(ip("192.168.7.255")) && !odd.contains(ip("192.168.8.0")));
    }
}
