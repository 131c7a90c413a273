//! What left the customer's browser, read back into plain strings with their route and place.
//! The recorder keeps the raw traffic (`Sent`); `Outgoing::read` replays it: control messages
//! are walked string by string, DOM frames are decoded and their operations followed with a
//! table of node ids (numbered as web/src/dom/format.ts says: pre-order from the id given,
//! extras not counted) so each string can be placed (`form#checkout > input#email @value`), and
//! form fields are rebuilt keystroke by keystroke (`Edit` splices), so a value typed one
//! character at a time is seen whole.

use std::collections::HashMap;

use serde_json::Value;

use super::frame;

/// One thing the page sent, in order.
#[derive(Debug, Clone)]
pub enum Sent {
    /// A WebSocket text frame (control message).
    Text(String),
    /// A WebSocket binary frame (DOM operations).
    Binary(Vec<u8>),
    /// An HTTP request to the Tandem server: its URL and body.
    Request(String, String),
}

/// One string that left the browser.
#[derive(Debug, Clone)]
pub struct Emission {
    /// snapshot, mutation, attribute, input, location, style, message, request.
    pub route: &'static str,
    pub text: String,
    /// Where in the page (or the message) it was.
    pub place: String,
}

#[derive(Default)]
pub struct Outgoing {
    pub emissions: Vec<Emission>,
    /// Customer pointer positions sent (CSS pixels, client coordinates).
    pub pointers: Vec<(f64, f64)>,
    /// Frames the scan could not read (a finding of their own: unreadable data cannot be vetted).
    pub unreadable: Vec<String>,
    pub frames: usize,
    pub bytes: usize,
}

#[derive(Default, Clone)]
struct Node {
    parent: u64,
    label: String,
}

/// The node table of the current snapshot generation, and the string value of each field.
#[derive(Default)]
struct Dom {
    nodes: HashMap<u64, Node>,
    values: HashMap<u64, Vec<u16>>,
}

const URL_ATTRS: &[&str] = &[
    "href",
    "src",
    "srcset",
    "action",
    "poster",
    "data",
    "formaction",
    "xlink:href",
    "cite",
    "background",
];

impl Outgoing {
    pub fn read(sent: &[Sent]) -> Outgoing {
        let mut out = Outgoing::default();
        let mut dom = Dom::default();
        for s in sent {
            out.frames += 1;
            match s {
                Sent::Text(text) => {
                    out.bytes += text.len();
                    match serde_json::from_str::<Value>(text) {
                        Ok(v) => {
                            let t = v
                                .get("t")
                                .and_then(Value::as_str)
                                .unwrap_or("?")
                                .to_string();
                            strings(&v, &format!("message {t}"), &mut |place, s| {
                                out.push("message", s, place)
                            });
                        }
                        Err(_) => out.push("message", text, "text frame".into()),
                    }
                }
                Sent::Request(url, body) => {
                    out.bytes += url.len() + body.len();
                    out.push("request", url, "request URL".into());
                    if !body.is_empty() {
                        out.push(
                            "request",
                            body,
                            format!("request body to {}", url.split('?').next().unwrap_or(url)),
                        );
                    }
                }
                Sent::Binary(bytes) => {
                    out.bytes += bytes.len();
                    match frame::decode(bytes) {
                        Ok(ops) => {
                            for op in &ops {
                                out.op(&mut dom, op);
                            }
                        }
                        Err(e) => out.unreadable.push(e),
                    }
                }
            }
        }
        out
    }

    fn push(&mut self, route: &'static str, text: &str, place: String) {
        if !text.is_empty() {
            self.emissions.push(Emission {
                route,
                text: text.to_string(),
                place,
            });
        }
    }

    fn op(&mut self, dom: &mut Dom, op: &Value) {
        let Some(items) = op.as_array() else { return };
        let code = items.first().and_then(Value::as_u64).unwrap_or(u64::MAX);
        let num = |i: usize| items.get(i).and_then(Value::as_u64).unwrap_or(0);
        let text = |i: usize| items.get(i).and_then(Value::as_str).unwrap_or("");
        match code {
            0 => {
                *dom = Dom::default();
                if let Some(doc) = items.get(1) {
                    let mut next = 1;
                    self.tree(dom, doc, 0, &mut next, "snapshot");
                }
            }
            1 => {
                let parent = num(1);
                let mut next = num(3);
                for node in items.iter().skip(4) {
                    self.tree(dom, node, parent, &mut next, "mutation");
                }
            }
            3 => {
                let id = num(1);
                for pair in items[2.min(items.len())..].chunks(2) {
                    if let [Value::String(name), Value::String(value)] = pair {
                        let route = if URL_ATTRS.contains(&name.as_str()) {
                            "location"
                        } else {
                            "attribute"
                        };
                        self.push(route, value, format!("{} @{name}", dom.path(id)));
                    }
                }
            }
            4 => self.push("mutation", text(2), format!("{} (text)", dom.path(num(1)))),
            5 => self.state(dom, num(1), items.get(2)),
            7 => self.pointers.push((
                items.get(1).and_then(Value::as_f64).unwrap_or(-1.0),
                items.get(2).and_then(Value::as_f64).unwrap_or(-1.0),
            )),
            9 => {
                self.push("location", text(1), "page address".into());
                self.push("location", text(2), "page title".into());
            }
            10 => self.push(
                "style",
                text(3),
                format!("stylesheet {}", items.get(1).unwrap_or(&Value::Null)),
            ),
            12 => {
                for rule in items.get(2).and_then(Value::as_array).into_iter().flatten() {
                    self.push(
                        "style",
                        rule.as_str().unwrap_or(""),
                        format!("stylesheet {}", items.get(1).unwrap_or(&Value::Null)),
                    );
                }
            }
            15 => {
                let id = num(1);
                let value = dom.values.entry(id).or_default();
                let at = (num(2) as usize).min(value.len());
                let end = (at + num(3) as usize).min(value.len());
                value.splice(at..end, text(4).encode_utf16());
                let whole = String::from_utf16_lossy(value);
                self.push("input", &whole, format!("{} (value)", dom.path(id)));
            }
            _ => {}
        }
    }

    fn state(&mut self, dom: &mut Dom, id: u64, state: Option<&Value>) {
        if let Some(Value::String(s)) = state {
            dom.values.insert(id, s.encode_utf16().collect());
            self.push("input", s, format!("{} (value)", dom.path(id)));
        }
    }

    /// Numbers one tree from `next`, records its nodes and emits its strings.
    fn tree(
        &mut self,
        dom: &mut Dom,
        node: &Value,
        parent: u64,
        next: &mut u64,
        route: &'static str,
    ) {
        let id = *next;
        *next += 1;
        match node {
            Value::String(text) => {
                dom.nodes.insert(
                    id,
                    Node {
                        parent,
                        label: "#text".into(),
                    },
                );
                self.push(route, text, format!("{} (text)", dom.path(parent)));
            }
            Value::Array(items) => match items.first() {
                Some(Value::String(tag)) => {
                    let attrs: Vec<&str> = items
                        .get(1)
                        .and_then(Value::as_array)
                        .map(|a| a.iter().map(|v| v.as_str().unwrap_or("")).collect())
                        .unwrap_or_default();
                    dom.nodes.insert(
                        id,
                        Node {
                            parent,
                            label: label(tag, &attrs),
                        },
                    );
                    for pair in attrs.chunks(2) {
                        if let [name, value] = pair {
                            let r = if URL_ATTRS.contains(name) {
                                "location"
                            } else {
                                route
                            };
                            self.push(r, value, format!("{} @{name}", dom.path(id)));
                        }
                    }
                    for child in items.iter().skip(2) {
                        match child
                            .as_array()
                            .and_then(|c| c.first())
                            .and_then(Value::as_u64)
                        {
                            Some(5) => self.state(dom, id, child.get(1)),
                            Some(6) => {
                                for rule in
                                    child.get(1).and_then(Value::as_array).into_iter().flatten()
                                {
                                    self.push(
                                        "style",
                                        rule.as_str().unwrap_or(""),
                                        format!("{} (stylesheet)", dom.path(id)),
                                    );
                                }
                            }
                            _ => self.tree(dom, child, id, next, route),
                        }
                    }
                }
                Some(Value::Number(kind)) => {
                    let label = match kind.as_u64() {
                        Some(1) => "#shadow-root".to_string(),
                        Some(2) => "#document".to_string(),
                        Some(3) => "#doctype".to_string(),
                        _ => format!(
                            "{} (blocked)",
                            items.get(1).and_then(Value::as_str).unwrap_or("?")
                        ),
                    };
                    dom.nodes.insert(id, Node { parent, label });
                    if matches!(kind.as_u64(), Some(1) | Some(2)) {
                        for child in items.iter().skip(1) {
                            self.tree(dom, child, id, next, route);
                        }
                    }
                }
                _ => {}
            },
            _ => {
                dom.nodes.insert(
                    id,
                    Node {
                        parent,
                        label: "#comment".into(),
                    },
                );
            }
        }
    }
}

impl Dom {
    /// `main > form#checkout > input#email`: the nearest few ancestors of a node.
    fn path(&self, id: u64) -> String {
        let mut parts = Vec::new();
        let mut at = id;
        while let Some(n) = self.nodes.get(&at) {
            if n.label != "#document"
                && n.label != "html"
                && n.label != "body"
                && n.label != "#text"
            {
                parts.push(n.label.clone());
            }
            if parts.len() == 4 || n.parent == 0 {
                break;
            }
            at = n.parent;
        }
        if parts.is_empty() {
            return if self.nodes.contains_key(&id) {
                "document".into()
            } else {
                format!("node {id}")
            };
        }
        parts.reverse();
        parts.join(" > ")
    }
}

fn label(tag: &str, attrs: &[&str]) -> String {
    let tag = tag.rsplit(' ').next().unwrap_or(tag);
    let get = |n: &str| {
        attrs
            .chunks(2)
            .find(|p| p.first() == Some(&n))
            .and_then(|p| p.get(1))
            .copied()
    };
    if let Some(id) = get("id").filter(|v| !v.is_empty()) {
        return format!("{tag}#{id}");
    }
    if let Some(name) = get("name").filter(|v| !v.is_empty()) {
        return format!("{tag}[name={name}]");
    }
    match get("class").and_then(|c| c.split_whitespace().next()) {
        Some(class) => format!("{tag}.{class}"),
        None => tag.to_string(),
    }
}

/// Calls `f` with every string inside a JSON value, and where it was.
fn strings(v: &Value, place: &str, f: &mut impl FnMut(String, &str)) {
    match v {
        Value::String(s) => f(place.to_string(), s),
        Value::Array(a) => a.iter().for_each(|x| strings(x, place, f)),
        Value::Object(o) => o
            .iter()
            .for_each(|(k, x)| strings(x, &format!("{place} .{k}"), f)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame(ops: Value) -> Sent {
        let mut b = vec![0u8; 9];
        b.extend(ops.to_string().into_bytes());
        Sent::Binary(b)
    }

    #[test]
    fn places_strings_and_rebuilds_typed_values() {
        let snapshot = serde_json::json!([[
            0,
            [
                2,
                [
                    "html",
                    0,
                    [
                        "body",
                        0,
                        [
                            "form",
                            ["id", "f"],
                            ["input", ["name", "email"], [5, ""]],
                            "Hello"
                        ]
                    ]
                ]
            ]
        ]]);
        let typing = serde_json::json!([
            [15, 5, 0, 0, "a"],
            [15, 5, 1, 0, "b"],
            [3, 4, "data-x", "secret"],
            [1, 4, 0, 20, ["p", 0, "later"]]
        ]);
        let out = Outgoing::read(&[
            frame(snapshot),
            frame(typing),
            Sent::Text(r#"{"t":"hello","url":"https://x/"}"#.into()),
        ]);
        let find = |t: &str| {
            out.emissions
                .iter()
                .find(|e| e.text == t)
                .map(|e| (e.route, e.place.clone()))
        };
        assert_eq!(find("Hello"), Some(("snapshot", "form#f (text)".into())));
        assert_eq!(
            find("ab"),
            Some(("input", "form#f > input[name=email] (value)".into()))
        );
        assert_eq!(find("secret"), Some(("attribute", "form#f @data-x".into())));
        assert_eq!(
            find("later"),
            Some(("mutation", "form#f > p (text)".into()))
        );
        assert_eq!(
            find("https://x/"),
            Some(("message", "message hello .url".into()))
        );
    }
}
