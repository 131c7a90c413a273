//! What the customer was shown when asked "Accept co-browsing?": the widgets' language and the
//! question's words, as the SDK reports them with the answer. Kept in the audit log next to the
//! answer (a consent is only as good as the words it was given to), bounded and cleaned first:
//! a page script could send anything here.

const MAX_LANGUAGE: usize = 16;
const MAX_TEXT: usize = 1000;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ConsentShown {
    /// A language tag (`en`, `sv`, `pt-BR`), or empty when the SDK did not say or said nonsense.
    pub language: String,
    /// The title and body as shown, on one line, at most `MAX_TEXT` characters.
    pub text: String,
}

impl ConsentShown {
    pub fn new(language: &str, text: &str) -> ConsentShown {
        let language = language.trim();
        let language = if !language.is_empty()
            && language.len() <= MAX_LANGUAGE
            && language
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-')
        {
            language.to_string()
        } else {
            String::new()
        };
        let text = text
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .chars()
            .filter(|c| !c.is_control())
            .take(MAX_TEXT)
            .collect();
        ConsentShown { language, text }
    }

    /// The audit line: `language: sv; text: Godkänner du …` (empty when nothing was said).
    pub fn detail(&self) -> String {
        match (self.language.is_empty(), self.text.is_empty()) {
            (true, true) => String::new(),
            (false, true) => format!("language: {}", self.language),
            (true, false) => format!("text: {}", self.text),
            (false, false) => format!("language: {}; text: {}", self.language, self.text),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_a_language_tag_and_the_words_on_one_bounded_line() {
        let shown = ConsentShown::new("sv", "Godkänner du samsurfning?\n  Sam vill se sidan.");
        assert_eq!(
            shown.detail(),
            "language: sv; text: Godkänner du samsurfning? Sam vill se sidan."
        );
        assert_eq!(ConsentShown::new("sv; drop table", "").language, "");
        assert_eq!(
            ConsentShown::new("", &"x".repeat(5000))
                .text
                .chars()
                .count(),
            MAX_TEXT
        );
        assert_eq!(ConsentShown::new("", "").detail(), "");
    }
}
