//! The `postlint` binary; everything is in the `postlint_cli` library.

fn main() -> std::process::ExitCode {
    postlint_cli::main()
}
