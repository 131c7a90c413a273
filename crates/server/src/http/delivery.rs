//! How a built web file leaves the server: in the encoding the browser accepts (brotli and gzip
//! forms are made at build time, `web/build.mjs`, and embedded beside each file; nothing is
//! compressed per request), with a validator, and cached as long as its name allows. A file
//! whose name carries its content hash (`tandem-core.0123456789ab.js`) never changes, so it is
//! cached for a year and never revalidated; every other file (the SDK's loader at its stable
//! URL, the console's page, the demo) carries an ETag and answers a matching `If-None-Match`
//! with 304 and no body. An uncompressed answer serves one byte range when asked (a video
//! seeks by asking for the bytes it needs).

use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::assets::Web;

/// How long browsers may keep a file before asking again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Caching {
    /// Content-hashed names: the same name is always the same bytes.
    Immutable,
    /// A stable URL whose content changes with a new build: kept `max_age` seconds, then
    /// revalidated with the ETag (0 = revalidate every time).
    Revalidate { max_age: u32 },
}

/// The encodings built for every compressible file, best first.
const ENCODINGS: [(&str, &str); 2] = [("br", "br"), ("gzip", "gz")];

/// True for names like `app.0123456789ab.js`: 12 lowercase hex digits between the base name
/// and the extension, as `web/build.mjs` writes them.
pub fn is_hashed(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    let mut parts = name.rsplitn(3, '.');
    let (_ext, hash, base) = (parts.next(), parts.next(), parts.next());
    matches!((hash, base), (Some(h), Some(b)) if !b.is_empty()
        && h.len() == 12 && h.bytes().all(|c| c.is_ascii_digit() || (b'a'..=b'f').contains(&c)))
}

/// The embedded file at `path` as the request asks for it, or 404.
pub fn send(path: &str, request: &HeaderMap, caching: Caching) -> Response {
    // The compressed forms are only sent as encodings of their file, never by their own name.
    if path.ends_with(".gz") || path.ends_with(".br") {
        return not_found();
    }
    let Some(file) = Web::get(path) else {
        return not_found();
    };
    let mime = file.metadata.mimetype();
    let mime = if mime.starts_with("text/") || mime.ends_with("javascript") {
        format!("{mime}; charset=utf-8")
    } else {
        mime.to_string()
    };
    let hash = hex::encode(&file.metadata.sha256_hash()[..12]);
    let encoding = ENCODINGS
        .iter()
        .filter(|(name, _)| accepts(request, name))
        .find_map(|(name, suffix)| Web::get(&format!("{path}.{suffix}")).map(|f| (*name, f)));
    let etag = match &encoding {
        Some((name, _)) => format!("\"{hash}-{name}\""),
        None => format!("\"{hash}\""),
    };
    let cache_control = match caching {
        Caching::Immutable => "public, max-age=31536000, immutable".to_string(),
        Caching::Revalidate { max_age: 0 } => "no-cache".to_string(),
        Caching::Revalidate { max_age } => format!("public, max-age={max_age}"),
    };
    let mut headers = HeaderMap::new();
    let mut set = |name, value: &str| {
        if let Ok(v) = HeaderValue::from_str(value) {
            headers.insert(name, v);
        }
    };
    set(header::CACHE_CONTROL, &cache_control);
    set(header::ETAG, &etag);
    // Every file may have compressed forms, so every answer depends on Accept-Encoding.
    set(header::VARY, "Accept-Encoding");
    if caching != Caching::Immutable && matches_etag(request, &hash) {
        return (StatusCode::NOT_MODIFIED, headers).into_response();
    }
    set(header::CONTENT_TYPE, &mime);
    match encoding {
        Some((name, compressed)) => {
            set(header::CONTENT_ENCODING, name);
            (headers, compressed.data).into_response()
        }
        None => {
            // Media are read in pieces (a video seeks by asking for the bytes it needs): one
            // byte range is answered, on the uncompressed file only.
            set(header::ACCEPT_RANGES, "bytes");
            let len = file.data.len();
            match byte_range(request, len) {
                None => (headers, file.data).into_response(),
                Some(Ok((start, end))) => {
                    set(header::CONTENT_RANGE, &format!("bytes {start}-{end}/{len}"));
                    let part = file.data[start..=end].to_vec();
                    (StatusCode::PARTIAL_CONTENT, headers, part).into_response()
                }
                Some(Err(())) => {
                    set(header::CONTENT_RANGE, &format!("bytes */{len}"));
                    (StatusCode::RANGE_NOT_SATISFIABLE, headers).into_response()
                }
            }
        }
    }
}

/// The one byte range `Range` asks for in a file of `len` bytes, as first and last index: None
/// when there is no (single, well-formed) range to answer, so the whole file goes; an error
/// when the range lies past the end.
fn byte_range(request: &HeaderMap, len: usize) -> Option<Result<(usize, usize), ()>> {
    let spec = request
        .get(header::RANGE)?
        .to_str()
        .ok()?
        .trim()
        .strip_prefix("bytes=")?;
    if spec.contains(',') {
        return None;
    }
    let (first, last) = spec.split_once('-')?;
    let (first, last) = (first.trim(), last.trim());
    if first.is_empty() {
        // The last N bytes.
        let n: usize = last.parse().ok()?;
        if n == 0 || len == 0 {
            return Some(Err(()));
        }
        return Some(Ok((len.saturating_sub(n), len - 1)));
    }
    let start: usize = first.parse().ok()?;
    let end = if last.is_empty() {
        len.checked_sub(1)
    } else {
        let end: usize = last.parse().ok()?;
        if end < start {
            return None;
        }
        len.checked_sub(1).map(|max| end.min(max))
    };
    match end {
        Some(end) if start <= end => Some(Ok((start, end))),
        _ => Some(Err(())),
    }
}

pub fn not_found() -> Response {
    (StatusCode::NOT_FOUND, "not found").into_response()
}

/// Whether `Accept-Encoding` lists `coding` (or `*`) with a non-zero quality.
fn accepts(request: &HeaderMap, coding: &str) -> bool {
    request
        .get_all(header::ACCEPT_ENCODING)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|item| {
            let mut parts = item.split(';');
            let name = parts.next().unwrap_or("").trim();
            let q = parts
                .filter_map(|p| p.trim().strip_prefix("q="))
                .find_map(|q| q.trim().parse::<f32>().ok())
                .unwrap_or(1.0);
            (name.eq_ignore_ascii_case(coding) || name == "*") && q > 0.0
        })
}

/// Whether `If-None-Match` names this content in any of its encodings (weak comparison, as
/// RFC 9110 §13.1.2 asks), or is `*`.
fn matches_etag(request: &HeaderMap, hash: &str) -> bool {
    request
        .get_all(header::IF_NONE_MATCH)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(|tag| tag.trim())
        .any(|tag| {
            let tag = tag.strip_prefix("W/").unwrap_or(tag);
            tag == "*"
                || tag
                    .strip_prefix('"')
                    .and_then(|t| t.strip_suffix('"'))
                    .is_some_and(|t| {
                        t == hash
                            || ENCODINGS
                                .iter()
                                .any(|(name, _)| t.strip_prefix(hash) == Some(&format!("-{name}")))
                    })
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(header::HeaderName, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.append(k.clone(), HeaderValue::from_str(v).unwrap());
        }
        h
    }

    #[test]
    fn hashed_names_are_twelve_hex_digits_before_the_extension() {
        assert!(is_hashed("sdk/tandem-core.0123456789ab.js"));
        assert!(is_hashed("console.e6ab23efa75f.css"));
        assert!(!is_hashed("sdk/tandem.js"));
        assert!(!is_hashed("sdk/tandem-core.0123456789AB.js"));
        assert!(!is_hashed("sdk/tandem-core.0123456789a.js"));
        assert!(!is_hashed(".0123456789ab.js"));
    }

    #[test]
    fn accept_encoding_honours_quality_and_wildcards() {
        let h = headers(&[(header::ACCEPT_ENCODING, "gzip, deflate, br;q=0")]);
        assert!(accepts(&h, "gzip"));
        assert!(!accepts(&h, "br"));
        let h = headers(&[(header::ACCEPT_ENCODING, "*;q=0.5")]);
        assert!(accepts(&h, "br"));
        assert!(!accepts(&HeaderMap::new(), "gzip"));
    }

    #[test]
    fn if_none_match_matches_any_encoding_of_the_same_content() {
        let h = headers(&[(header::IF_NONE_MATCH, "\"other\", W/\"abc-br\"")]);
        assert!(matches_etag(&h, "abc"));
        assert!(!matches_etag(&h, "abd"));
        let h = headers(&[(header::IF_NONE_MATCH, "\"abc-zstd\"")]);
        assert!(!matches_etag(&h, "abc"));
        assert!(matches_etag(&headers(&[(header::IF_NONE_MATCH, "*")]), "x"));
    }
    #[test]
    fn one_byte_range_is_read_and_others_are_not() {
        let r = |v: &str| headers(&[(header::RANGE, v)]);
        assert_eq!(byte_range(&r("bytes=0-9"), 100), Some(Ok((0, 9))));
        assert_eq!(byte_range(&r("bytes=90-"), 100), Some(Ok((90, 99))));
        assert_eq!(byte_range(&r("bytes=90-500"), 100), Some(Ok((90, 99))));
        assert_eq!(byte_range(&r("bytes=-10"), 100), Some(Ok((90, 99))));
        assert_eq!(byte_range(&r("bytes=-500"), 100), Some(Ok((0, 99))));
        assert_eq!(byte_range(&r("bytes=100-"), 100), Some(Err(())));
        assert_eq!(byte_range(&r("bytes=-0"), 100), Some(Err(())));
        assert_eq!(byte_range(&r("bytes=0-1,5-6"), 100), None);
        assert_eq!(byte_range(&r("bytes=9-2"), 100), None);
        assert_eq!(byte_range(&r("items=0-1"), 100), None);
        assert_eq!(byte_range(&r("bytes=x-"), 100), None);
        assert_eq!(byte_range(&HeaderMap::new(), 100), None);
    }
}
