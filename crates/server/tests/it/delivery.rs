//! How the SDK and the console reach browsers: precompressed (brotli or gzip, by
//! Accept-Encoding, and the same bytes once decoded), the loader at its stable URL with an ETag
//! and a 304 when it has not changed, and everything it pulls in under content-hashed names
//! cached for good — so a page view after the first downloads nothing but the loader's 304.

use std::io::Read;

use crate::common::*;
use sha2::{Digest, Sha256};

/// A client that neither decompresses nor follows redirects: the test sees the wire.
fn raw() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

async fn get(server: &TestServer, path: &str, headers: &[(&str, &str)]) -> reqwest::Response {
    let mut req = raw().get(server.url(path));
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    req.send().await.unwrap()
}

fn header(res: &reqwest::Response, name: &str) -> String {
    res.headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string()
}

fn gunzip(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(bytes)
        .read_to_end(&mut out)
        .unwrap();
    out
}

fn unbrotli(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    brotli_decompressor::Decompressor::new(bytes, 4096)
        .read_to_end(&mut out)
        .unwrap();
    out
}

/// Every `/sdk/<name>.<12 hex>.js` (and `/console/...`) a file names, in order.
fn hashed_names(text: &str, dir: &str) -> Vec<String> {
    regex::Regex::new(&format!(r"{dir}[a-z-]*\.[0-9a-f]{{12}}\.(?:js|css)"))
        .unwrap()
        .find_iter(text)
        .map(|m| m.as_str().to_string())
        .collect()
}

/// The chunks the SDK can load, found from the loader onwards (each names the next).
async fn sdk_chunks(server: &TestServer) -> Vec<String> {
    let mut found: Vec<String> = Vec::new();
    let mut todo = vec!["/sdk/tandem.js".to_string()];
    while let Some(path) = todo.pop() {
        let body = get(server, &path, &[]).await.text().await.unwrap();
        for name in hashed_names(&body, "tandem-") {
            let chunk = format!("/sdk/{name}");
            if !found.contains(&chunk) {
                found.push(chunk.clone());
                todo.push(chunk);
            }
        }
    }
    found
}

#[tokio::test]
async fn every_file_is_sent_brotli_or_gzip_as_accepted_and_decodes_to_the_same_bytes() {
    let server = TestServer::start().await;
    let chunks = sdk_chunks(&server).await;
    assert!(
        chunks.iter().any(|c| c.contains("tandem-core.")),
        "the loader names the core: {chunks:?}"
    );
    let page = get(&server, "/console/", &[]).await.text().await.unwrap();
    let console = hashed_names(&page, "/console/");
    assert_eq!(
        console.len(),
        2,
        "the console's script and stylesheet: {page}"
    );
    let mut paths = vec!["/sdk/tandem.js".to_string(), "/console/".to_string()];
    paths.extend(chunks);
    paths.extend(console);
    for path in &paths {
        let plain = get(&server, path, &[]).await;
        assert_eq!(plain.status(), 200, "{path}");
        assert_eq!(header(&plain, "content-encoding"), "", "{path}");
        assert_eq!(header(&plain, "vary"), "Accept-Encoding", "{path}");
        let plain = plain.bytes().await.unwrap();

        let br = get(&server, path, &[("accept-encoding", "gzip, deflate, br")]).await;
        assert_eq!(header(&br, "content-encoding"), "br", "{path}");
        assert_eq!(header(&br, "vary"), "Accept-Encoding", "{path}");
        let br = br.bytes().await.unwrap();
        assert!(br.len() < plain.len(), "{path}: brotli is smaller");
        assert_eq!(unbrotli(&br), plain, "{path}: brotli decodes to the file");

        let gz = get(&server, path, &[("accept-encoding", "gzip, br;q=0")]).await;
        assert_eq!(header(&gz, "content-encoding"), "gzip", "{path}");
        let gz = gz.bytes().await.unwrap();
        assert!(gz.len() < plain.len(), "{path}: gzip is smaller");
        assert_eq!(gunzip(&gz), plain, "{path}: gzip decodes to the file");
    }
}

#[tokio::test]
async fn the_loader_has_an_etag_a_short_max_age_and_answers_304_when_unchanged() {
    let server = TestServer::start().await;
    let first = get(&server, "/sdk/tandem.js", &[("accept-encoding", "br")]).await;
    assert_eq!(first.status(), 200);
    assert_eq!(header(&first, "cache-control"), "public, max-age=300");
    assert_eq!(header(&first, "access-control-allow-origin"), "*");
    let etag = header(&first, "etag");
    assert!(etag.starts_with('"') && etag.ends_with('"'), "{etag:?}");

    let again = get(
        &server,
        "/sdk/tandem.js",
        &[("accept-encoding", "br"), ("if-none-match", &etag)],
    )
    .await;
    assert_eq!(again.status(), 304);
    assert_eq!(header(&again, "etag"), etag);
    assert_eq!(header(&again, "cache-control"), "public, max-age=300");
    assert!(again.bytes().await.unwrap().is_empty(), "a 304 has no body");

    // A validator of another build gets the file.
    let other = get(&server, "/sdk/tandem.js", &[("if-none-match", "\"0123\"")]).await;
    assert_eq!(other.status(), 200);
    assert!(!other.bytes().await.unwrap().is_empty());

    // The console's page too, revalidated on every visit.
    let page = get(&server, "/console/", &[]).await;
    assert_eq!(header(&page, "cache-control"), "no-cache");
    let etag = header(&page, "etag");
    let again = get(&server, "/console/", &[("if-none-match", &etag)]).await;
    assert_eq!(again.status(), 304);
}

#[tokio::test]
async fn what_the_loader_pulls_in_is_named_by_its_content_and_cached_for_good() {
    let server = TestServer::start().await;
    let page = get(&server, "/console/", &[]).await.text().await.unwrap();
    let mut paths = sdk_chunks(&server).await;
    paths.extend(hashed_names(&page, "/console/"));
    assert!(paths.len() >= 4, "{paths:?}");
    for path in &paths {
        let res = get(&server, path, &[]).await;
        assert_eq!(res.status(), 200, "{path}");
        assert_eq!(
            header(&res, "cache-control"),
            "public, max-age=31536000, immutable",
            "{path}"
        );
        if path.starts_with("/sdk/") {
            assert_eq!(header(&res, "access-control-allow-origin"), "*", "{path}");
        }
        // The name is the content's hash: new content, new name.
        let body = res.bytes().await.unwrap();
        let hash = hex::encode(Sha256::digest(&body));
        let named = path.rsplit('.').nth(1).unwrap();
        assert_eq!(named, &hash[..12], "{path} is named by its content");
    }
    // Only hashed names are served under /sdk/ (besides the loader and the settings), and
    // the compressed forms only as encodings.
    for path in [
        "/sdk/tandem-core.js",
        "/sdk/tandem.js.gz",
        "/console/index.html.br",
    ] {
        assert_eq!(get(&server, path, &[]).await.status(), 404, "{path}");
    }
}

#[tokio::test]
async fn a_chunk_of_an_older_build_leads_to_the_current_one() {
    let server = TestServer::start().await;
    let core = sdk_chunks(&server)
        .await
        .into_iter()
        .find(|c| c.contains("tandem-core."))
        .unwrap();
    let res = get(&server, "/sdk/tandem-core.0123456789ab.js", &[]).await;
    assert_eq!(res.status(), 307);
    assert_eq!(header(&res, "location"), core);
    assert_eq!(header(&res, "cache-control"), "no-store");
    assert_eq!(
        get(&server, "/sdk/tandem-nothing.0123456789ab.js", &[])
            .await
            .status(),
        404
    );
}
