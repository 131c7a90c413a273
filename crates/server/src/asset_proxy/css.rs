//! Stylesheets fetched through the proxy name more assets (`url()`, `@import`): each is resolved
//! against the sheet's own address and pointed back through the proxy, so a proxied sheet never
//! makes the agent's browser load from the customer's site. `data:` and same-document `#id`
//! references stay; anything that is not http(s) after resolving is emptied.

use std::sync::LazyLock;

use regex::Regex;

static URL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i)url\(\s*(?:"([^"]*)"|'([^']*)'|([^)"'\s]*))\s*\)"#).expect("valid")
});
static IMPORT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"(?i)@import\s+(["'])([^"']*)["']"#).expect("valid"));

/// `css` (fetched from `base`) with every asset address turned into `route(absolute)`.
pub fn rewrite(css: &str, base: &url::Url, route: &dyn Fn(&str) -> String) -> String {
    let one = |raw: &str| -> Option<String> {
        let raw = raw.trim();
        if raw.is_empty()
            || raw.starts_with('#')
            || raw
                .get(..5)
                .is_some_and(|s| s.eq_ignore_ascii_case("data:"))
        {
            return None;
        }
        match base.join(raw) {
            Ok(u) if matches!(u.scheme(), "http" | "https") => Some(route(u.as_str())),
            _ => Some(String::new()),
        }
    };
    let css = URL.replace_all(css, |c: &regex::Captures| {
        let raw = c
            .get(1)
            .or(c.get(2))
            .or(c.get(3))
            .map_or("", |m| m.as_str());
        match one(raw) {
            Some(to) => format!("url(\"{}\")", to.replace('"', "%22")),
            None => c[0].to_string(),
        }
    });
    IMPORT
        .replace_all(&css, |c: &regex::Captures| match one(&c[2]) {
            Some(to) => format!("@import \"{}\"", to.replace('"', "%22")),
            None => c[0].to_string(),
        })
        .into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_address_goes_through_the_proxy_resolved_against_the_sheet() {
        let base = url::Url::parse("https://shop.example/css/site.css").unwrap();
        let route = |u: &str| format!("/p?u={u}");
        let out = rewrite(
            "@import 'more.css'; a{background:url(../img/a.png)} b{src:url(\"https://cdn.shop.example/f.woff2\")} \
             c{background:url(data:image/png;base64,AA)} d{fill:url(#g)} e{background:url(javascript:x)}",
            &base,
            &route,
        );
        assert!(
            out.contains("@import \"/p?u=https://shop.example/css/more.css\""),
            "{out}"
        );
        assert!(
            out.contains("url(\"/p?u=https://shop.example/img/a.png\")"),
            "{out}"
        );
        assert!(
            out.contains("url(\"/p?u=https://cdn.shop.example/f.woff2\")"),
            "{out}"
        );
        assert!(out.contains("url(data:image/png;base64,AA)"), "{out}");
        assert!(out.contains("url(#g)"), "{out}");
        assert!(out.contains("e{background:url(\"\")}"), "{out}");
    }
}
