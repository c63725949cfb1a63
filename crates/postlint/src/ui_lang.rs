//! The language postlint speaks to the reader (messages, help, its own
//! words): `--ui-lang`, the config's `ui_language`, else the locale. Never
//! the post's language: a Dutch editor checking an English post reads Dutch.

use std::fmt;

/// A language postlint's messages are written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash, PartialOrd, Ord)]
pub enum UiLang {
    /// English, the default text of every rule.
    #[default]
    En,
    /// Dutch, as read in the Netherlands and Flanders.
    Nl,
}

impl UiLang {
    /// Every UI language, the default first.
    pub const ALL: &'static [UiLang] = &[UiLang::En, UiLang::Nl];

    /// `en` or `nl`, as `--ui-lang` and `ui_language` take it.
    pub fn parse(code: &str) -> Option<UiLang> {
        match code.trim().to_ascii_lowercase().as_str() {
            "en" => Some(UiLang::En),
            "nl" => Some(UiLang::Nl),
            _ => None,
        }
    }

    /// The code rules are translated under: `en`, `nl`.
    pub const fn as_str(self) -> &'static str {
        match self {
            UiLang::En => "en",
            UiLang::Nl => "nl",
        }
    }

    /// The language of a locale (`nl_BE.UTF-8`, `nl_NL`, `en_US`, `nl`);
    /// `None` for `C`, `POSIX` and languages postlint does not speak.
    pub fn from_locale(locale: &str) -> Option<UiLang> {
        let lang = locale
            .split(['_', '-', '.', '@'])
            .next()
            .unwrap_or_default();
        UiLang::parse(lang)
    }

    /// The language the locale asks for: the first of `LC_ALL`,
    /// `LC_MESSAGES` and `LANG` that is set and not empty decides, as in
    /// gettext. `env` reads a variable (`std::env::var` in the CLI).
    pub fn from_env(env: impl Fn(&str) -> Option<String>) -> UiLang {
        ["LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .find_map(|k| env(k).filter(|v| !v.is_empty()))
            .and_then(|locale| UiLang::from_locale(&locale))
            .unwrap_or_default()
    }

    /// The language of this process's locale.
    pub fn from_process_env() -> UiLang {
        UiLang::from_env(|k| std::env::var(k).ok())
    }
}

impl fmt::Display for UiLang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env<'a>(vars: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |k| {
            vars.iter()
                .find(|(n, _)| *n == k)
                .map(|(_, v)| v.to_string())
        }
    }

    #[test]
    fn locales_name_the_language() {
        assert_eq!(UiLang::from_locale("nl_BE.UTF-8"), Some(UiLang::Nl));
        assert_eq!(UiLang::from_locale("nl_NL"), Some(UiLang::Nl));
        assert_eq!(UiLang::from_locale("nl"), Some(UiLang::Nl));
        assert_eq!(UiLang::from_locale("en_GB.UTF-8"), Some(UiLang::En));
        assert_eq!(UiLang::from_locale("C.UTF-8"), None);
        assert_eq!(UiLang::from_locale("fr_BE.UTF-8"), None);
    }

    #[test]
    fn lc_all_then_lc_messages_then_lang() {
        let both = [("LC_ALL", "en_US.UTF-8"), ("LANG", "nl_BE.UTF-8")];
        assert_eq!(UiLang::from_env(env(&both)), UiLang::En);
        let messages = [("LC_MESSAGES", "nl_NL"), ("LANG", "en_US.UTF-8")];
        assert_eq!(UiLang::from_env(env(&messages)), UiLang::Nl);
        let empty_all = [("LC_ALL", ""), ("LANG", "nl_BE.UTF-8")];
        assert_eq!(UiLang::from_env(env(&empty_all)), UiLang::Nl);
        assert_eq!(UiLang::from_env(env(&[("LANG", "C")])), UiLang::En);
        assert_eq!(UiLang::from_env(env(&[])), UiLang::En);
    }
}
