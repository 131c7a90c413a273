//! The company's site settings (privacy and control selectors, remote-control switches,
//! wording and colours): kept in the store, held in memory for every new connection, and
//! pushed to every running SDK when an admin changes them, so no site redeploy is needed.

use tandem_protocol::{SiteSettings, ToCustomer};

use super::Sessions;
use crate::bus::{Envelope, topic};
use crate::store::StoreError;

pub const SITE_SETTING: &str = "site";
const MAX_SELECTOR: usize = 2000;
const MAX_TEXT: usize = 500;

/// Refuses settings an SDK could not use safely; the message says which field and why.
pub fn check_site_settings(s: &SiteSettings) -> Result<(), String> {
    for (name, sel) in [
        ("mask_selector", &s.mask_selector),
        ("block_selector", &s.block_selector),
        ("no_control_selector", &s.no_control_selector),
        ("editable_selector", &s.editable_selector),
    ] {
        if sel.chars().count() > MAX_SELECTOR || sel.contains(['{', '}', '<']) {
            return Err(format!(
                "{name}: a CSS selector list of at most {MAX_SELECTOR} characters"
            ));
        }
    }
    if s.allow_query_params.len() > MAX_SELECTOR
        || !s
            .allow_query_params
            .chars()
            .all(|c| c.is_alphanumeric() || "-_.[]:, ".contains(c))
    {
        return Err(format!(
            "allow_query_params: parameter names separated by commas, at most {MAX_SELECTOR} characters"
        ));
    }
    let colour_ok = s.color.is_empty()
        || (s.color.starts_with('#')
            && matches!(s.color.len(), 4 | 5 | 7 | 9)
            && s.color[1..].bytes().all(|b| b.is_ascii_hexdigit()))
        || (s.color.len() <= 30 && s.color.bytes().all(|b| b.is_ascii_alphabetic()));
    if !colour_ok {
        return Err("color: a #hex colour or a CSS colour name".into());
    }
    for (key, value) in &s.texts {
        if key.is_empty()
            || key.len() > 40
            || !key.bytes().all(|b| b.is_ascii_alphabetic())
            || value.chars().count() > MAX_TEXT
        {
            return Err(format!(
                "texts.{key}: a text key with a text of at most {MAX_TEXT} characters"
            ));
        }
    }
    let lang_ok = s.language.len() <= 16
        && s.language
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-');
    if !lang_ok {
        return Err("language: a language tag such as en or sv, or empty for the browser's".into());
    }
    Ok(())
}

impl Sessions {
    pub fn site_settings(&self) -> SiteSettings {
        self.site.read().unwrap_or_else(|p| p.into_inner()).clone()
    }

    /// Stores the settings and pushes them to every connected SDK.
    pub async fn set_site_settings(&self, settings: SiteSettings) -> Result<(), StoreError> {
        let json = serde_json::to_string(&settings).expect("settings serialise");
        self.store.set_setting(SITE_SETTING, &json).await?;
        *self.site.write().unwrap_or_else(|p| p.into_inner()) = settings.clone();
        if let Err(e) = self
            .bus
            .publish(
                topic::SITE,
                Envelope::ToCustomer(ToCustomer::Settings { settings }),
            )
            .await
        {
            tracing::warn!("site settings not pushed: {e}");
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_are_checked() {
        let mut s = SiteSettings::default();
        assert!(check_site_settings(&s).is_ok());
        s.color = "#0f766e".into();
        s.mask_selector = ".balance, [data-private]".into();
        s.texts
            .insert("consentTitle".into(), "Share your screen?".into());
        assert!(check_site_settings(&s).is_ok());
        s.color = "red;background:url(x)".into();
        assert!(check_site_settings(&s).is_err());
        s.color = String::new();
        s.mask_selector = "a{}".into();
        assert!(check_site_settings(&s).is_err());
        s.mask_selector = String::new();
        s.allow_query_params = "q, page, utm_source".into();
        assert!(check_site_settings(&s).is_ok());
        s.allow_query_params = "q<script>".into();
        assert!(check_site_settings(&s).is_err());
    }
}
