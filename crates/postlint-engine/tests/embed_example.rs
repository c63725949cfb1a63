//! The embedding example (examples/embed.rs) must keep working: it runs here.

// The example's `main` is not called from the test.
#[allow(dead_code)]
#[path = "../examples/embed.rs"]
mod embed;

#[test]
fn the_embedding_example_runs() {
    assert_eq!(embed::run(), Ok(()));
}
