//! The company's web domains: pages from them may open a customer socket. A domain matches
//! that host and its subdomains, on any port and either scheme.

#[derive(Debug, Clone, Default)]
pub struct Domains {
    names: Vec<String>,
}

impl Domains {
    pub fn new(names: impl IntoIterator<Item = String>) -> Domains {
        let names = names
            .into_iter()
            .map(|n| {
                n.trim()
                    .trim_start_matches("*.")
                    .trim_end_matches('.')
                    .to_ascii_lowercase()
            })
            .filter(|n| !n.is_empty())
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect();
        Domains { names }
    }

    pub fn names(&self) -> &[String] {
        &self.names
    }

    pub fn allows_host(&self, host: &str) -> bool {
        let host = host.trim_end_matches('.').to_ascii_lowercase();
        self.names.iter().any(|d| {
            host == *d
                || (host.len() > d.len()
                    && host.ends_with(d.as_str())
                    && host[..host.len() - d.len()].ends_with('.'))
        })
    }

    /// `origin` as sent by a browser (`scheme://host[:port]`); an absent or opaque one is refused.
    pub fn allows_origin(&self, origin: &str) -> bool {
        match url::Url::parse(origin) {
            Ok(u) if matches!(u.scheme(), "http" | "https") => u
                .host_str()
                .is_some_and(|h| self.allows_host(h.trim_matches(['[', ']']))),
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_domain_covers_its_subdomains_on_any_port() {
        let d = Domains::new(["example.com".to_string()]);
        assert!(d.allows_origin("https://example.com"));
        assert!(d.allows_origin("http://shop.example.com:8443"));
        assert!(!d.allows_origin("https://badexample.com"));
        assert!(!d.allows_origin("https://example.com.evil.net"));
        assert!(!d.allows_origin("null"));
        assert!(!d.allows_origin(""));
    }
}
