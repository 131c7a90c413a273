//! The scripted visit, done as a customer would with trusted input: type into every field,
//! open every menu and disclosure, hover over every masked area, scroll the page and its inner
//! scroll containers. What is typed is chosen per field: a field that by its name, label or
//! autocomplete asks for a card number, IBAN or national id gets a valid value of that kind
//! (so the detectors see it if the site shares it); any other field gets a token made for this
//! run, which the scan can recognise anywhere and which looks like no personal data.

use std::time::Duration;

use regex::Regex;
use serde_json::{Value, json};

use super::probe::{Field, Probe, Spot};
use super::tab::Tab;

/// Kinds of field that deserve a realistic value: (hint pattern, value typed).
const SAMPLES: &[(&str, &str)] = &[
    (
        r"cc-number|card.?(num|no)|\bpan\b|kortnummer",
        "4111 1111 1111 1111",
    ),
    (
        r"\biban\b|account.?num|kontonummer",
        "SE45 5000 0000 0583 9825 7466",
    ),
    (r"\bssn\b|social.?security", "078-05-1120"),
    (
        r"personnummer|\bpnr\b|national.?id|personal.?(id|number)",
        "19121212-1212",
    ),
];

/// What the scan typed into one field.
#[derive(Debug, Clone)]
pub struct Typed {
    pub value: String,
    pub field: Field,
}

/// The value for this field: a realistic sample, or this run's token for it.
pub fn value_for(field: &Field, run: &str) -> String {
    if field.tag == "select" {
        return String::new();
    }
    for (hint, sample) in SAMPLES {
        if Regex::new(hint).expect("pattern").is_match(&field.hints) && field.kind != "number" {
            return sample.to_string();
        }
    }
    if field.kind == "number" {
        return format!("7{}3", 40_000 + field.index * 7);
    }
    format!("tq{run}x{}k", field.index)
}

/// Types into every field; returns what went where.
pub async fn type_everywhere(tab: &Tab, probe: &Probe, fields: &[Field], run: &str) -> Vec<Typed> {
    let mut typed = Vec::new();
    for field in fields {
        let Ok(Some(_)) = probe.spot(tab, "focusField", &[json!(field.index)]).await else {
            continue;
        };
        let value = value_for(field, run);
        if !value.is_empty() && tab.type_text(&value).await.is_ok() {
            typed.push(Typed {
                value,
                field: field.clone(),
            });
        }
        settle().await;
    }
    typed
}

/// Opens every disclosure and menu button, one after the other.
pub async fn open_everything(tab: &Tab, probe: &Probe) {
    for i in 0..200 {
        match probe.call(tab, "toggleSpot", &[json!(i)]).await {
            Ok(Value::Bool(false)) | Err(_) => break,
            Ok(v) => {
                if let Ok(s) = serde_json::from_value::<Spot>(v) {
                    let _ = tab.click(s.x, s.y).await;
                    settle().await;
                }
            }
        }
    }
}

/// Rests the pointer on every masked area; returns where it rested.
pub async fn hover_masked(tab: &Tab, probe: &Probe, policy: &Value) -> Vec<Spot> {
    let mut spots = Vec::new();
    for i in 0..200 {
        match probe
            .call(tab, "maskedSpot", &[policy.clone(), json!(i)])
            .await
        {
            Ok(Value::Bool(false)) | Err(_) => break,
            Ok(v) => {
                if let Ok(s) = serde_json::from_value::<Spot>(v) {
                    if tab.move_mouse(s.x, s.y).await.is_ok() {
                        spots.push(s);
                    }
                    settle().await;
                }
            }
        }
    }
    spots
}

/// Scrolls the page down and back, and every inner scroll container to its end.
pub async fn scroll_around(tab: &Tab, probe: &Probe) {
    for dy in [600.0, 600.0, 600.0, -1800.0] {
        let _ = tab.scroll(200.0, 200.0, dy).await;
        settle().await;
    }
    let _ = probe.call(tab, "scrollInner", &[]).await;
    let _ = tab.eval("window.scrollTo(0, 0)").await;
}

/// Lets the page and the SDK react before the next action.
async fn settle() {
    tokio::time::sleep(Duration::from_millis(60)).await;
}
