//! Native functions: a program embedding postlint can register a function that
//! rule files call like a built-in (`brand_score() > 3`). Natives read the
//! text in scope and numeric arguments; they return a number (yes/no is 1/0).

use postlint_lang::builtins::{ArgKind, ResultType};
use postlint_lang::NativeSignature;

/// What a native function sees of the post.
pub struct NativeInput<'a> {
    /// The text in the current scope.
    pub text: &'a str,
    pub lang: &'a str,
    pub platform: &'a str,
    /// Numeric arguments, in order.
    pub args: &'a [f64],
}

/// A function callable from the rule language.
///
/// ```
/// use postlint_engine::{NativeFunction, NativeInput, ResultType};
///
/// struct ExclaimScore;
/// impl NativeFunction for ExclaimScore {
///     fn name(&self) -> &str { "exclaim_score" }
///     fn doc(&self) -> &str { "exclamation marks per sentence" }
///     fn returns(&self) -> ResultType { ResultType::Num }
///     fn call(&self, input: &NativeInput<'_>) -> f64 {
///         input.text.matches('!').count() as f64
///     }
/// }
/// ```
pub trait NativeFunction: Send + Sync {
    /// Name used in rule files.
    fn name(&self) -> &str;
    /// One line for `postlint rules` docs and diagnostics.
    fn doc(&self) -> &str;
    /// Kinds of the arguments (only numbers are passed to [`NativeFunction::call`]).
    fn args(&self) -> Vec<ArgKind> {
        Vec::new()
    }
    fn returns(&self) -> ResultType;
    fn call(&self, input: &NativeInput<'_>) -> f64;

    fn signature(&self) -> NativeSignature {
        NativeSignature {
            name: self.name().to_string(),
            args: self.args(),
            result: self.returns(),
            doc: self.doc().to_string(),
        }
    }
}
