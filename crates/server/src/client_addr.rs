//! The one place that says who a request comes from: the client's address, and whether the
//! request reached us over TLS. Every per-address limit (code redemption, sign-in, connections)
//! takes its key from here, so a balancer in front cannot make all customers one client and a
//! client cannot pick its own address.
//!
//! The TCP peer is the client unless it is one of the `--trusted-proxy` networks. Only then are
//! `X-Forwarded-For` (preferred: what most balancers append to) or, without it, `Forwarded` read,
//! from the right: hops that are themselves trusted proxies are skipped and the first one that is
//! not is the client (the right-most untrusted hop — everything left of it the client could have
//! written). A hop that cannot be read stops the walk at the last trusted proxy. The balancer
//! must append to (or overwrite) the header it sets; one that only sets `Forwarded` must strip an
//! incoming `X-Forwarded-For`.
//!
//! Limits count IPv6 clients by their /64 (one household or host usually holds a whole /64, so
//! per-address counting would give it 2^64 budgets); IPv4 by the address.

use std::net::{IpAddr, Ipv6Addr, SocketAddr};
use std::sync::Arc;

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::HeaderMap;
use axum::http::request::Parts;
use ipnet::IpNet;

use crate::app::AppState;

/// The networks whose forwarding headers are believed (`--trusted-proxy CIDR`, repeatable).
#[derive(Clone, Debug, Default)]
pub struct TrustedProxies {
    nets: Arc<Vec<IpNet>>,
}

impl TrustedProxies {
    /// Parses CIDRs (`10.0.0.0/8`, `2001:db8::/32`) or plain addresses (one host).
    pub fn parse<S: AsRef<str>>(
        cidrs: impl IntoIterator<Item = S>,
    ) -> Result<TrustedProxies, String> {
        let mut nets = Vec::new();
        for c in cidrs {
            let c = c.as_ref().trim();
            let net = c
                .parse::<IpNet>()
                .or_else(|_| c.parse::<IpAddr>().map(IpNet::from))
                .map_err(|_| {
                    format!("--trusted-proxy {c:?} is not a CIDR (like 10.0.0.0/8) or an address")
                })?;
            nets.push(net);
        }
        Ok(TrustedProxies {
            nets: Arc::new(nets),
        })
    }

    pub fn trusts(&self, ip: IpAddr) -> bool {
        let ip = canonical(ip);
        self.nets.iter().any(|n| n.contains(&ip))
    }

    /// The client behind a connection from `peer` that carried `headers`.
    pub fn client(&self, peer: IpAddr, headers: &HeaderMap, tls: bool) -> ClientAddr {
        let peer = canonical(peer);
        if !self.trusts(peer) {
            return ClientAddr {
                ip: peer,
                https: tls,
            };
        }
        let hops = forwarded_for(headers);
        let mut client = peer;
        for hop in hops.iter().rev() {
            match hop {
                Some(ip) => {
                    client = canonical(*ip);
                    if !self.trusts(client) {
                        break;
                    }
                }
                None => break,
            }
        }
        ClientAddr {
            ip: client,
            https: tls || forwarded_https(headers),
        }
    }
}

/// Who a request came from, as far as this server can tell.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ClientAddr {
    pub ip: IpAddr,
    /// The client's request came over TLS: to this server, or to a trusted proxy that said so
    /// (`X-Forwarded-Proto: https` or `Forwarded: proto=https`).
    pub https: bool,
}

impl ClientAddr {
    /// The key per-address limits count under: the address, or its /64 for IPv6.
    pub fn limit_key(&self) -> IpAddr {
        limit_key(self.ip)
    }
}

/// The key per-address limits count under: the address, or its /64 for IPv6.
pub fn limit_key(ip: IpAddr) -> IpAddr {
    match canonical(ip) {
        IpAddr::V6(v6) => {
            let s = v6.segments();
            IpAddr::V6(Ipv6Addr::new(s[0], s[1], s[2], s[3], 0, 0, 0, 0))
        }
        v4 => v4,
    }
}

/// IPv4-mapped IPv6 (`::ffff:1.2.3.4`, from dual-stack listeners) is the IPv4 address.
fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map(IpAddr::V4).unwrap_or(ip),
        v4 => v4,
    }
}

/// The hops a request passed, left (the original client, by its own word) to right (the hop
/// nearest us); `None` for a hop that cannot be read (`unknown`, obfuscated names, garbage).
fn forwarded_for(headers: &HeaderMap) -> Vec<Option<IpAddr>> {
    let xff: Vec<&str> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .collect();
    if !xff.is_empty() {
        return xff
            .iter()
            .flat_map(|v| v.split(','))
            .map(|h| parse_hop(h.trim()))
            .collect();
    }
    headers
        .get_all("forwarded")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(|element| {
            let value = element
                .split(';')
                .filter_map(|pair| pair.trim().split_once('='))
                .find(|(k, _)| k.trim().eq_ignore_ascii_case("for"));
            value.and_then(|(_, v)| parse_hop(v.trim().trim_matches('"')))
        })
        .collect()
}

/// One hop: `1.2.3.4`, `1.2.3.4:5678`, `2001:db8::1`, `[2001:db8::1]:5678`.
fn parse_hop(hop: &str) -> Option<IpAddr> {
    if let Ok(ip) = hop.parse::<IpAddr>() {
        return Some(ip);
    }
    if let Ok(sa) = hop.parse::<SocketAddr>() {
        return Some(sa.ip());
    }
    hop.strip_prefix('[')
        .and_then(|h| h.strip_suffix(']'))
        .and_then(|h| h.parse().ok())
}

/// The nearest hop's word on the client's scheme.
fn forwarded_https(headers: &HeaderMap) -> bool {
    if let Some(proto) = headers
        .get_all("x-forwarded-proto")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .last()
    {
        return proto.trim().eq_ignore_ascii_case("https");
    }
    let last = headers
        .get_all("forwarded")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .last();
    last.is_some_and(|element| {
        element
            .split(';')
            .filter_map(|pair| pair.trim().split_once('='))
            .any(|(k, v)| {
                k.trim().eq_ignore_ascii_case("proto")
                    && v.trim().trim_matches('"').eq_ignore_ascii_case("https")
            })
    })
}

/// Set on requests that arrived over this server's own TLS listener.
#[derive(Clone, Copy, Debug)]
pub struct ArrivedOverTls;

impl FromRequestParts<AppState> for ClientAddr {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        // Without connection info (a router driven in-process) the client is unknown: unspecified.
        let plain = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|c| c.0.ip());
        let over_tls = parts
            .extensions
            .get::<ConnectInfo<crate::tls::TlsPeer>>()
            .map(|c| c.0.0.ip());
        let peer = plain.or(over_tls).unwrap_or(IpAddr::from([0, 0, 0, 0]));
        let tls = state.tls || parts.extensions.get::<ArrivedOverTls>().is_some();
        Ok(state.proxies.client(peer, &parts.headers, tls))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.append(axum::http::HeaderName::from_static(k), v.parse().unwrap());
        }
        h
    }

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn headers_from_an_untrusted_peer_are_ignored() {
        let proxies = TrustedProxies::parse(["10.0.0.0/8"]).unwrap();
        let h = headers(&[
            ("x-forwarded-for", "1.2.3.4"),
            ("x-forwarded-proto", "https"),
        ]);
        assert_eq!(
            proxies.client(ip("203.0.113.9"), &h, false),
            ClientAddr {
                ip: ip("203.0.113.9"),
                https: false
            }
        );
    }

    #[test]
    fn the_right_most_untrusted_hop_is_the_client() {
        let proxies = TrustedProxies::parse(["10.0.0.0/8", "192.168.1.1"]).unwrap();
        // The client wrote "6.6.6.6" itself; 198.51.100.7 is who reached the outer balancer.
        let h = headers(&[("x-forwarded-for", "6.6.6.6, 198.51.100.7, 192.168.1.1")]);
        assert_eq!(
            proxies.client(ip("10.1.2.3"), &h, false).ip,
            ip("198.51.100.7")
        );
        let h = headers(&[
            ("x-forwarded-for", "6.6.6.6"),
            ("x-forwarded-for", "198.51.100.7"),
        ]);
        assert_eq!(
            proxies.client(ip("10.1.2.3"), &h, false).ip,
            ip("198.51.100.7")
        );
    }

    #[test]
    fn forwarded_is_read_when_there_is_no_x_forwarded_for() {
        let proxies = TrustedProxies::parse(["10.0.0.0/8"]).unwrap();
        let h = headers(&[(
            "forwarded",
            r#"for=6.6.6.6, for="[2001:db8:cafe::17]:4711";proto=https"#,
        )]);
        let c = proxies.client(ip("10.0.0.1"), &h, false);
        assert_eq!(
            c,
            ClientAddr {
                ip: ip("2001:db8:cafe::17"),
                https: true
            }
        );
        let h = headers(&[("forwarded", "for=198.51.100.7:80;proto=http")]);
        assert_eq!(
            proxies.client(ip("10.0.0.1"), &h, false),
            ClientAddr {
                ip: ip("198.51.100.7"),
                https: false
            }
        );
    }

    #[test]
    fn an_unreadable_hop_leaves_the_last_trusted_proxy_as_the_client() {
        let proxies = TrustedProxies::parse(["10.0.0.0/8"]).unwrap();
        let h = headers(&[("x-forwarded-for", "6.6.6.6, unknown")]);
        assert_eq!(proxies.client(ip("10.0.0.1"), &h, false).ip, ip("10.0.0.1"));
        let h = headers(&[("forwarded", "for=_hidden")]);
        assert_eq!(proxies.client(ip("10.0.0.1"), &h, false).ip, ip("10.0.0.1"));
        assert_eq!(
            proxies.client(ip("10.0.0.1"), &HeaderMap::new(), false).ip,
            ip("10.0.0.1")
        );
    }

    #[test]
    fn ipv6_clients_count_by_their_64_and_mapped_ipv4_is_ipv4() {
        assert_eq!(
            limit_key(ip("2001:db8:1:2:aaaa::1")),
            limit_key(ip("2001:db8:1:2:bbbb::9"))
        );
        assert_ne!(
            limit_key(ip("2001:db8:1:2::1")),
            limit_key(ip("2001:db8:1:3::1"))
        );
        assert_eq!(limit_key(ip("::ffff:192.0.2.1")), ip("192.0.2.1"));
        assert_ne!(limit_key(ip("192.0.2.1")), limit_key(ip("192.0.2.2")));
        let proxies = TrustedProxies::parse(["127.0.0.1/32"]).unwrap();
        assert!(proxies.trusts(ip("::ffff:127.0.0.1")));
    }

    #[test]
    fn bad_cidrs_are_refused_with_a_clear_message() {
        assert!(
            TrustedProxies::parse(["10.0.0.0/33"])
                .unwrap_err()
                .contains("--trusted-proxy")
        );
        assert!(TrustedProxies::parse(["proxy.local"]).is_err());
        assert!(TrustedProxies::parse(["::1", "fd00::/8"]).is_ok());
    }
}
