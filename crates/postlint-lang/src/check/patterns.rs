//! Lexicon entries: `(a|b)` alternatives, `*` at word edges, and their
//! expansion into phrases.

use crate::builtins;

/// Validate a lexicon pattern: balanced `(a|b)` groups, `*` only at word edges.
pub fn check_pattern(p: &str) -> Result<(), String> {
    check_groups(p)?;
    let expansions = p
        .split('(')
        .skip(1)
        .map(|g| g.split(')').next().unwrap_or("").split('|').count())
        .try_fold(1usize, |acc, n| acc.checked_mul(n));
    if expansions.is_none_or(|n| n > builtins::MAX_EXPANSIONS) {
        return Err(format!(
            "the alternatives expand to more than {} phrases",
            builtins::MAX_EXPANSIONS
        ));
    }
    let mut result = Ok(());
    for_each_expansion(p, |alt| {
        if result.is_ok() {
            result = check_words(alt);
        }
    });
    result
}

/// Calls `f` with every combination of an entry's `(a|b)` alternatives,
/// left to right (lexicons are expanded at every start, so no string is
/// made per combination).
pub fn for_each_expansion(pattern: &str, mut f: impl FnMut(&str)) {
    let mut buf = String::with_capacity(pattern.len() * 2);
    expand_into(pattern, &mut buf, &mut f);
}

fn expand_into(rest: &str, buf: &mut String, f: &mut impl FnMut(&str)) {
    let group = rest
        .find('(')
        .and_then(|open| Some((open, open + rest[open..].find(')')?)));
    let Some((open, close)) = group else {
        let len = buf.len();
        buf.push_str(rest);
        f(buf);
        buf.truncate(len);
        return;
    };
    let len = buf.len();
    for alt in rest[open + 1..close].split('|') {
        buf.push_str(&rest[..open]);
        buf.push_str(alt);
        expand_into(&rest[close + 1..], buf, f);
        buf.truncate(len);
    }
}

fn check_groups(p: &str) -> Result<(), String> {
    if p.trim().is_empty() {
        return Err("empty entry".into());
    }
    let mut depth = 0i32;
    for c in p.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            _ => {}
        }
        if !(0..=1).contains(&depth) {
            return Err("unbalanced or nested parentheses".into());
        }
    }
    if depth != 0 {
        return Err("unclosed `(`".into());
    }
    Ok(())
}

fn check_words(p: &str) -> Result<(), String> {
    for word in p.split_whitespace() {
        let core = word.trim_matches('*');
        if core.contains('*') {
            return Err("`*` may only start or end a word".into());
        }
        if core.is_empty() {
            return Err("a wildcard needs letters next to it".into());
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::for_each_expansion;

    fn expansions(pattern: &str) -> Vec<String> {
        let mut out = Vec::new();
        for_each_expansion(pattern, |p| out.push(p.to_string()));
        out
    }

    #[test]
    fn alternatives_expand_left_to_right() {
        assert_eq!(expansions("free"), ["free"]);
        assert_eq!(
            expansions("(book|order) (now|today)!"),
            ["book now!", "book today!", "order now!", "order today!"]
        );
        assert_eq!(
            expansions("a (|very )good deal"),
            ["a good deal", "a very good deal"]
        );
        // An unclosed group is left as written (the checking pass reports it).
        assert_eq!(expansions("x (a|b) (c"), ["x a (c", "x b (c"]);
    }
}
