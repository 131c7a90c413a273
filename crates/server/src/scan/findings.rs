//! Judging what left the browser. A finding is either a value the site keeps private seen in
//! the outgoing stream (found on the page under its masking, or typed by the scan into a
//! masked or secret field), personal data a detector recognises there, or the customer's
//! pointer sent while it rested on a masked area. Each names its route, what matched and where.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use super::detectors::{self, Detector};
use super::interaction::Typed;
use super::outgoing::Outgoing;
use super::probe::{Secret, Spot};

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, PartialOrd, Ord)]
pub struct Finding {
    /// `masked` (a value the site keeps private) or `personal` (a detector's match) or `pointer`.
    pub kind: String,
    /// How it left: snapshot, mutation, attribute, input, location, style, message, request, pointer.
    pub route: String,
    /// What matched, e.g. `e-mail address "ann@example.com"`.
    pub what: String,
    /// Where it was in what was sent.
    pub place: String,
    /// Where the private value came from on the page (masked findings).
    #[serde(default)]
    pub source: String,
}

pub struct Judge<'a> {
    pub detectors: &'a [Detector],
    /// Values that are public on purpose (the company's own phone number...).
    pub allow: &'a [String],
}

impl Judge<'_> {
    pub fn judge(
        &self,
        out: &Outgoing,
        secrets: &[Secret],
        typed: &[Typed],
        hovered: &[Spot],
    ) -> Vec<Finding> {
        let mut private: Vec<(String, String)> = typed
            .iter()
            .filter(|t| t.field.masked)
            .map(|t| {
                (
                    t.value.clone(),
                    format!("{} ({}), typed by the scan", t.field.place, t.field.why),
                )
            })
            .collect();
        for s in secrets {
            if !private.iter().any(|(v, _)| *v == s.value) {
                private.push((s.value.clone(), s.place.clone()));
            }
        }
        let mut found = BTreeSet::new();
        for e in &out.emissions {
            let matched: Vec<&(String, String)> = private
                .iter()
                .filter(|(v, _)| e.text.contains(v.as_str()))
                .collect();
            for (value, source) in &matched {
                // One leak, one finding: a number inside a longer value that leaked whole is not another.
                if matched
                    .iter()
                    .any(|(other, _)| other.len() > value.len() && other.contains(value.as_str()))
                {
                    continue;
                }
                {
                    found.insert(Finding {
                        kind: "masked".into(),
                        route: e.route.into(),
                        what: format!("masked value \"{}\"", shorten(value)),
                        place: e.place.clone(),
                        source: source.clone(),
                    });
                }
            }
            for hit in detectors::scan(self.detectors, &e.text) {
                if self
                    .allow
                    .iter()
                    .any(|a| hit.text.contains(a.as_str()) || a.contains(&hit.text))
                {
                    continue;
                }
                let source = typed
                    .iter()
                    .find(|t| t.value == hit.text)
                    .map(|t| format!("{}, typed by the scan", t.field.place))
                    .unwrap_or_default();
                found.insert(Finding {
                    kind: "personal".into(),
                    route: e.route.into(),
                    what: format!("{} \"{}\"", hit.kind, shorten(&hit.text)),
                    place: e.place.clone(),
                    source,
                });
            }
        }
        for spot in hovered {
            if out
                .pointers
                .iter()
                .any(|&(x, y)| (x - spot.x).abs() < 0.5 && (y - spot.y).abs() < 0.5)
            {
                found.insert(Finding {
                    kind: "pointer".into(),
                    route: "pointer".into(),
                    what: format!("pointer at ({}, {}) over a masked area", spot.x, spot.y),
                    place: spot.place.clone(),
                    source: String::new(),
                });
            }
        }
        for why in &out.unreadable {
            found.insert(Finding {
                kind: "unreadable".into(),
                route: "frame".into(),
                what: format!("a frame the scan cannot read: {why}"),
                place: String::new(),
                source: String::new(),
            });
        }
        found.into_iter().collect()
    }
}

fn shorten(s: &str) -> String {
    let s = s.replace(['\n', '\r'], " ");
    if s.chars().count() <= 60 {
        s
    } else {
        format!("{}…", s.chars().take(60).collect::<String>())
    }
}
