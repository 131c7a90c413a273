//! Where the asset proxy may go. The customer's page names the addresses, so without these
//! checks any page could make the server fetch its own loopback, the company's private network
//! or a cloud metadata address (SSRF). Only http(s) on the company's domains; an address
//! literal must be public; a host name is resolved by [`PublicResolver`], which refuses the
//! whole name when *any* of its addresses is not public and hands the client exactly the
//! addresses it checked — the connection is pinned to them, so a DNS answer that changes
//! between the check and the connect (rebinding) cannot switch it. Every redirect hop goes
//! through the same checks (`fetch.rs` follows them itself).

use std::net::{IpAddr, SocketAddr};

use reqwest::dns::{Addrs, Name, Resolve, Resolving};

use crate::domains::Domains;
use crate::session::is_public;

/// Why the proxy will not fetch an address (a 403 to the mirror).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refused {
    #[error("only http and https addresses are fetched")]
    Scheme,
    #[error("{0} is not one of the company's domains")]
    NotCompany(String),
    #[error("{0} is a private, loopback or link-local address")]
    Private(String),
}

/// May an address at this IP be fetched? Loopback only with the test-only flag.
pub fn allowed_ip(ip: IpAddr, allow_loopback: bool) -> bool {
    is_public(ip) || (allow_loopback && ip.to_canonical().is_loopback())
}

/// Checks one address (the first request or a redirect's target) before it is fetched.
pub fn check(url: &url::Url, domains: &Domains, allow_loopback: bool) -> Result<(), Refused> {
    if !matches!(url.scheme(), "http" | "https") {
        return Err(Refused::Scheme);
    }
    let host = url.host().ok_or(Refused::Scheme)?;
    let name = match &host {
        url::Host::Domain(d) => d.to_string(),
        url::Host::Ipv4(ip) => ip.to_string(),
        url::Host::Ipv6(ip) => ip.to_string(),
    };
    if !domains.allows_host(&name) {
        return Err(Refused::NotCompany(name));
    }
    let literal: Option<IpAddr> = match host {
        url::Host::Ipv4(ip) => Some(ip.into()),
        url::Host::Ipv6(ip) => Some(ip.into()),
        url::Host::Domain(_) => None,
    };
    if let Some(ip) = literal
        && !allowed_ip(ip, allow_loopback)
    {
        return Err(Refused::Private(ip.to_string()));
    }
    Ok(())
}

/// The asset client's DNS: every address of a name must be allowed, or the name is refused.
#[derive(Clone)]
pub struct PublicResolver {
    pub allow_loopback: bool,
}

impl Resolve for PublicResolver {
    fn resolve(&self, name: Name) -> Resolving {
        let allow_loopback = self.allow_loopback;
        Box::pin(async move {
            let host = name.as_str().to_string();
            let addrs: Vec<SocketAddr> =
                tokio::net::lookup_host((host.as_str(), 0)).await?.collect();
            if addrs.is_empty() {
                return Err(format!("{host} has no address").into());
            }
            if let Some(bad) = addrs.iter().find(|a| !allowed_ip(a.ip(), allow_loopback)) {
                return Err(Box::new(Refused::Private(format!("{host} ({})", bad.ip())))
                    as Box<dyn std::error::Error + Send + Sync>);
            }
            Ok(Box::new(addrs.into_iter()) as Addrs)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn company() -> Domains {
        Domains::new(
            [
                "shop.example",
                "127.0.0.1",
                "10.1.2.3",
                "169.254.169.254",
                "::1",
            ]
            .map(String::from),
        )
    }

    #[test]
    fn only_web_addresses_on_company_domains_with_public_literals() {
        let ok = |u: &str, lo: bool| check(&url::Url::parse(u).unwrap(), &company(), lo);
        assert_eq!(ok("https://cdn.shop.example/a.png", false), Ok(()));
        assert_eq!(ok("ftp://shop.example/a.png", false), Err(Refused::Scheme));
        assert!(matches!(
            ok("https://evil.example/a.png", false),
            Err(Refused::NotCompany(_))
        ));
        for private in [
            "http://127.0.0.1/a.png",
            "http://10.1.2.3/a.png",
            "http://169.254.169.254/latest/meta-data",
            "http://[::1]/a.png",
        ] {
            assert!(
                matches!(ok(private, false), Err(Refused::Private(_))),
                "{private}"
            );
        }
        // The test-only flag lets loopback through, and nothing else.
        assert_eq!(ok("http://127.0.0.1:8080/a.png", true), Ok(()));
        assert_eq!(ok("http://[::1]/a.png", true), Ok(()));
        assert!(ok("http://10.1.2.3/a.png", true).is_err());
        assert!(ok("http://169.254.169.254/", true).is_err());
    }

    #[tokio::test]
    async fn a_name_for_loopback_is_refused_by_the_resolver() {
        let r = PublicResolver {
            allow_loopback: false,
        };
        let err = r
            .resolve("localhost".parse().unwrap())
            .await
            .err()
            .expect("refused");
        assert!(err.downcast_ref::<Refused>().is_some(), "{err}");
        let allowed = PublicResolver {
            allow_loopback: true,
        };
        assert!(allowed.resolve("localhost".parse().unwrap()).await.is_ok());
    }
}
