//! The DOM frame envelope, read in Rust (web/src/transport/frame.ts defines it): one header
//! byte — 0 for a UTF-8 JSON body, 1 for a raw-deflated one — and the frame's epoch and
//! sequence number (8 bytes the scan does not need), then a batch of DOM operations.
//! Inflating is bounded, so a hostile page cannot make the scan eat its memory.

use std::io::Read;

use serde_json::Value;

pub const FRAME_JSON: u8 = 0;
pub const FRAME_DEFLATE: u8 = 1;
/// Epoch and sequence number after the kind byte.
const NUMBER_BYTES: usize = 8;
/// The largest batch the scan inflates.
const MAX_BATCH: u64 = 64 << 20;

/// The batch of operations in one binary frame.
pub fn decode(frame: &[u8]) -> Result<Vec<Value>, String> {
    let (&kind, rest) = frame.split_first().ok_or("an empty frame")?;
    let body = rest
        .get(NUMBER_BYTES..)
        .ok_or("a frame shorter than its header")?;
    let text = match kind {
        FRAME_JSON => body.to_vec(),
        FRAME_DEFLATE => {
            let mut out = Vec::new();
            flate2::read::DeflateDecoder::new(body)
                .take(MAX_BATCH + 1)
                .read_to_end(&mut out)
                .map_err(|e| format!("cannot inflate: {e}"))?;
            if out.len() as u64 > MAX_BATCH {
                return Err("a batch over 64 MB".into());
            }
            out
        }
        other => return Err(format!("unknown frame kind {other}")),
    };
    match serde_json::from_slice(&text) {
        Ok(Value::Array(ops)) => Ok(ops),
        Ok(_) => Err("a batch that is not a list".into()),
        Err(e) => Err(format!("undecodable batch: {e}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn reads_both_encodings() {
        let batch = br#"[[9,"https://shop.example/","Shop"]]"#;
        let mut plain = vec![FRAME_JSON, 0, 0, 0, 0, 0, 0, 0, 0];
        plain.extend_from_slice(batch);
        assert_eq!(decode(&plain).unwrap()[0][1], "https://shop.example/");
        let mut z = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::default());
        z.write_all(batch).unwrap();
        let mut packed = vec![FRAME_DEFLATE, 1, 0, 0, 0, 2, 0, 0, 0];
        packed.extend(z.finish().unwrap());
        assert_eq!(decode(&packed).unwrap()[0][2], "Shop");
        assert!(decode(&[7, 1, 0, 0, 0, 0, 0, 0, 0, 1]).is_err());
        assert!(decode(&[FRAME_JSON, 1]).is_err());
        assert!(decode(&[]).is_err());
    }
}
