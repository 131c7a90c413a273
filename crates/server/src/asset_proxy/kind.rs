//! What the proxy delivers: images, fonts and stylesheets, nothing else (no documents, scripts
//! or media). A type is taken from a fixed table, so the content type the mirror sees is never
//! an upstream string; a font served as `application/octet-stream` (common) or with no type is
//! recognised by its file extension.

/// The content type to serve for an upstream `content_type` at `path`, or None (refused).
pub fn served_type(content_type: Option<&str>, path: &str) -> Option<&'static str> {
    let t = content_type
        .and_then(|t| t.split(';').next())
        .map(|t| t.trim().to_ascii_lowercase())
        .unwrap_or_default();
    let by_type = match t.as_str() {
        "image/png" => Some("image/png"),
        "image/jpeg" | "image/jpg" | "image/pjpeg" => Some("image/jpeg"),
        "image/gif" => Some("image/gif"),
        "image/webp" => Some("image/webp"),
        "image/avif" => Some("image/avif"),
        "image/svg+xml" => Some("image/svg+xml"),
        "image/x-icon" | "image/vnd.microsoft.icon" => Some("image/x-icon"),
        "image/bmp" => Some("image/bmp"),
        "font/woff" | "application/font-woff" | "application/x-font-woff" => Some("font/woff"),
        "font/woff2" | "application/font-woff2" | "application/x-font-woff2" => Some("font/woff2"),
        "font/ttf"
        | "application/x-font-ttf"
        | "application/x-font-truetype"
        | "font/sfnt"
        | "application/font-sfnt" => Some("font/ttf"),
        "font/otf" | "application/x-font-otf" | "application/x-font-opentype" => Some("font/otf"),
        "font/collection" => Some("font/collection"),
        "application/vnd.ms-fontobject" => Some("application/vnd.ms-fontobject"),
        "text/css" => Some("text/css"),
        _ => None,
    };
    if by_type.is_some() {
        return by_type;
    }
    if !(t.is_empty() || t == "application/octet-stream" || t == "binary/octet-stream") {
        return None;
    }
    let ext = path.rsplit('.').next().unwrap_or("").to_ascii_lowercase();
    match ext.as_str() {
        "woff" => Some("font/woff"),
        "woff2" => Some("font/woff2"),
        "ttf" => Some("font/ttf"),
        "otf" => Some("font/otf"),
        "eot" => Some("application/vnd.ms-fontobject"),
        "png" => Some("image/png"),
        "jpg" | "jpeg" => Some("image/jpeg"),
        "gif" => Some("image/gif"),
        "webp" => Some("image/webp"),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::served_type;

    #[test]
    fn images_fonts_and_css_only() {
        assert_eq!(served_type(Some("image/PNG; x=1"), "/a"), Some("image/png"));
        assert_eq!(
            served_type(Some("text/css; charset=utf-8"), "/a.css"),
            Some("text/css")
        );
        assert_eq!(
            served_type(Some("application/octet-stream"), "/f.woff2"),
            Some("font/woff2")
        );
        assert_eq!(served_type(None, "/f.ttf"), Some("font/ttf"));
        assert_eq!(served_type(Some("text/html"), "/a.png"), None);
        assert_eq!(served_type(Some("application/javascript"), "/a.js"), None);
        assert_eq!(
            served_type(Some("application/octet-stream"), "/a.html"),
            None
        );
        assert_eq!(served_type(Some("video/mp4"), "/a.mp4"), None);
    }
}
