//! `account:` in the config: personal accounts have the brand-only rules off.

use postlint::Project;

fn enabled(config: &str, id: &str) -> bool {
    let project = Project::from_config_text(None, config.to_string()).expect("the config loads");
    let rules = project.rules(&[], false).expect("the rules load");
    rules
        .rule(id)
        .unwrap_or_else(|| panic!("no rule {id}"))
        .enabled
}

#[test]
fn brand_is_the_default() {
    assert!(enabled("", "killers/personal-diary"));
    assert!(enabled("account: brand\n", "killers/controversy"));
}

#[test]
fn personal_accounts_have_the_brand_rules_off() {
    assert!(!enabled("account: personal\n", "killers/personal-diary"));
    assert!(!enabled("account: personal\n", "killers/controversy"));
    assert!(enabled("account: personal\n", "killers/bare-link"));
}

#[test]
fn a_rules_entry_turns_one_back_on() {
    let config = "account: personal\nrules:\n  killers/controversy: on\n";
    assert!(enabled(config, "killers/controversy"));
    assert!(!enabled(config, "killers/personal-diary"));
}

#[test]
fn another_account_is_a_config_error() {
    let Err(err) = Project::from_config_text(None, "account: company\n".into()) else {
        panic!("`company` is refused");
    };
    assert!(matches!(err, postlint::Error::Config(_)), "{err:?}");
}
