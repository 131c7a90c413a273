//! Personal-data detectors run over everything that leaves the customer's browser. Each is a
//! row of one table: a name, a pattern, and a check that turns a look-alike into a real match
//! (Luhn for card numbers and Swedish personnummer, mod-97 for IBANs, the SSA's rules for US
//! social security numbers). Add a row to detect another kind; `--pattern NAME=REGEX` adds one
//! for a single run.

use std::sync::LazyLock;

use regex::Regex;

pub struct Detector {
    pub name: String,
    pattern: Regex,
    check: fn(&str) -> bool,
}

/// A match: which detector, and the text it matched.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    pub kind: String,
    pub text: String,
}

type Row = (&'static str, &'static str, fn(&str) -> bool);

/// The built-in table.
const TABLE: &[Row] = &[
    (
        "card number",
        r"\b(?:\d{13,19}|\d{4}(?:[ -]\d{4}){2}[ -]\d{1,7}|\d{4}[ -]\d{6}[ -]\d{4,5})\b",
        card,
    ),
    ("IBAN", r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]){11,30}\b", iban),
    (
        "e-mail address",
        r"\b[A-Za-z0-9][A-Za-z0-9._%+-]*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,24}\b",
        email,
    ),
    (
        "phone number",
        r"(?:\+\d{1,3}[ .-]?(?:\(\d{1,4}\)[ .-]?)?\d{1,4}(?:[ .-]?\d{2,4}){2,4}|\(\d{3}\) ?\d{3}[-.]\d{4}\b|\b\d{3}[-.]\d{3}[-.]\d{4}\b)",
        phone,
    ),
    (
        "Swedish personnummer",
        r"\b(?:19|20)?\d{6}[-+]\d{4}\b|\b(?:19|20)\d{10}\b",
        personnummer,
    ),
    ("US social security number", r"\b\d{3}-\d{2}-\d{4}\b", ssn),
];

/// A built-in detector: its name, its pattern, and the check a match must also pass.
type BuiltIn = (String, Regex, fn(&str) -> bool);

static BUILT_IN: LazyLock<Vec<BuiltIn>> = LazyLock::new(|| {
    TABLE
        .iter()
        .map(|(n, p, c)| (n.to_string(), Regex::new(p).expect("built-in pattern"), *c))
        .collect()
});

pub fn built_in() -> Vec<Detector> {
    BUILT_IN
        .iter()
        .map(|(name, pattern, check)| Detector {
            name: name.clone(),
            pattern: pattern.clone(),
            check: *check,
        })
        .collect()
}

/// A detector from `NAME=REGEX` (every match counts).
pub fn custom(spec: &str) -> Result<Detector, String> {
    let (name, pattern) = spec
        .split_once('=')
        .ok_or_else(|| format!("--pattern wants NAME=REGEX, got '{spec}'"))?;
    let pattern = Regex::new(pattern).map_err(|e| format!("--pattern {name}: {e}"))?;
    Ok(Detector {
        name: name.trim().to_string(),
        pattern,
        check: |_| true,
    })
}

/// Every match of every detector in `text`.
pub fn scan(detectors: &[Detector], text: &str) -> Vec<Hit> {
    let mut hits = Vec::new();
    for d in detectors {
        for m in d.pattern.find_iter(text) {
            if (d.check)(m.as_str()) {
                hits.push(Hit {
                    kind: d.name.clone(),
                    text: m.as_str().to_string(),
                });
            }
        }
    }
    hits
}

fn digits(s: &str) -> Vec<u32> {
    s.chars().filter_map(|c| c.to_digit(10)).collect()
}

fn luhn(d: &[u32]) -> bool {
    let sum: u32 = d
        .iter()
        .rev()
        .enumerate()
        .map(|(i, &x)| {
            if i % 2 == 1 {
                if x * 2 > 9 { x * 2 - 9 } else { x * 2 }
            } else {
                x
            }
        })
        .sum();
    sum.is_multiple_of(10)
}

/// 13–19 digits, a known card network's prefix, and the Luhn check.
fn card(s: &str) -> bool {
    let d = digits(s);
    if !(13..=19).contains(&d.len()) || !luhn(&d) {
        return false;
    }
    let p2 = d[0] * 10 + d[1];
    let p4 = p2 * 100 + d[2] * 10 + d[3];
    d[0] == 4
        || (51..=55).contains(&p2)
        || (2221..=2720).contains(&p4)
        || p2 == 34
        || p2 == 37
        || p2 == 35
        || p2 == 62
        || p2 == 65
        || p4 == 6011
        || (644..=649).contains(&(p4 / 10))
        || p2 == 36
        || p2 == 30
        || p2 == 38
}

/// ISO 13616: 15–34 characters, check digits by mod 97.
fn iban(s: &str) -> bool {
    let s: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    if !(15..=34).contains(&s.len()) {
        return false;
    }
    let rearranged = s[4..].chars().chain(s[..4].chars());
    let mut rem: u32 = 0;
    for c in rearranged {
        let v = match c.to_digit(36) {
            Some(v) => v,
            None => return false,
        };
        rem = if v < 10 {
            (rem * 10 + v) % 97
        } else {
            (rem * 100 + v) % 97
        };
    }
    rem == 1
}

/// Not an image or script name that happens to hold an `@` (`logo@2x.png`).
fn email(s: &str) -> bool {
    let tld = s.rsplit('.').next().unwrap_or("").to_ascii_lowercase();
    !matches!(
        tld.as_str(),
        "png"
            | "jpg"
            | "jpeg"
            | "gif"
            | "svg"
            | "webp"
            | "avif"
            | "css"
            | "js"
            | "mjs"
            | "woff"
            | "woff2"
            | "ttf"
            | "ico"
    )
}

/// 8 to 15 digits, as E.164 allows.
fn phone(s: &str) -> bool {
    (8..=15).contains(&digits(s).len())
}

/// A real date of birth (or coordination number, day + 60) and the Luhn check.
fn personnummer(s: &str) -> bool {
    let mut d = digits(s);
    if d.len() == 12 {
        d.drain(..2);
    }
    if d.len() != 10 {
        return false;
    }
    let month = d[2] * 10 + d[3];
    let day = d[4] * 10 + d[5];
    (1..=12).contains(&month) && ((1..=31).contains(&day) || (61..=91).contains(&day)) && luhn(&d)
}

/// The SSA never issues area 000, 666 or 900–999, group 00 or serial 0000.
fn ssn(s: &str) -> bool {
    let d = digits(s);
    let area = d[0] * 100 + d[1] * 10 + d[2];
    let group = d[3] * 10 + d[4];
    let serial = d[5] * 1000 + d[6] * 100 + d[7] * 10 + d[8];
    area != 0 && area != 666 && area < 900 && group != 0 && serial != 0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<String> {
        scan(&built_in(), text)
            .into_iter()
            .map(|h| h.kind)
            .collect()
    }

    #[test]
    fn finds_real_values_and_skips_look_alikes() {
        assert_eq!(kinds("card 4111 1111 1111 1111 ok"), ["card number"]);
        assert!(kinds("card 4111 1111 1111 1112").is_empty(), "Luhn fails");
        assert!(
            kinds("at 1732900000000").is_empty(),
            "a millisecond timestamp is no card"
        );
        assert_eq!(kinds("SE45 5000 0000 0583 9825 7466"), ["IBAN"]);
        assert!(
            kinds("SE46 5000 0000 0583 9825 7466").is_empty(),
            "mod-97 fails"
        );
        assert_eq!(kinds("write to ann.lee@example.com"), ["e-mail address"]);
        assert!(kinds("url(logo@2x.png)").is_empty());
        assert_eq!(kinds("call +46 70 123 45 67"), ["phone number"]);
        assert_eq!(kinds("call (555) 123-4567"), ["phone number"]);
        assert!(kinds("$1,234.56 and 20% off, 1,024 reviews").is_empty());
        assert_eq!(kinds("pnr 19121212-1212"), ["Swedish personnummer"]);
        assert!(kinds("pnr 19121212-1213").is_empty());
        assert_eq!(kinds("ssn 078-05-1120"), ["US social security number"]);
        assert!(kinds("ssn 666-05-1120").is_empty());
        let d = custom("customer number=CN-\\d{6}").unwrap();
        assert_eq!(scan(&[d], "id CN-123456").len(), 1);
        assert!(custom("nope").is_err());
    }
}
