//! The rule-language front end (parse + check) on arbitrary rule files, and
//! the engine's compiler on whatever the checker accepts.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let sources = vec![("fuzz.rules".to_string(), text.to_string())];
    if postlint_lang::load(&sources, &[]).is_ok() {
        // Accepted files must also compile and evaluate without panicking.
        if let Ok(rules) = postlint_engine::RuleSet::from_sources(&sources) {
            let _ = rules.evaluate(&postlint_engine::Post { text: "Buy now! #sale @shop https://example.com ??", ..Default::default() });
            let _ = rules.run_examples();
        }
    }
});
