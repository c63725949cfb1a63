//! The largest post the analysis takes. Every pass is linear, but memory is
//! a multiple of the text (words, entities, hits: 15–25 bytes per byte of a
//! 50 MB post), so a caller refuses a post over the limit with
//! [`check_post_size`] instead of analysing it, and says so.

/// Most bytes of text in one post: 1 MiB, some 3,500 times X's longest
/// post and 200 times LinkedIn's.
pub const MAX_POST_BYTES: usize = 1 << 20;

/// A post over [`MAX_POST_BYTES`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PostTooLarge {
    /// The post's length in bytes.
    pub bytes: usize,
}

impl std::fmt::Display for PostTooLarge {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "this post is {} KiB; postlint checks posts of at most {} KiB (split it, or check it in parts)",
            self.bytes.div_ceil(1024),
            MAX_POST_BYTES >> 10
        )
    }
}

impl std::error::Error for PostTooLarge {}

/// `Err` when `text` is over [`MAX_POST_BYTES`].
pub fn check_post_size(text: &str) -> Result<(), PostTooLarge> {
    if text.len() > MAX_POST_BYTES {
        Err(PostTooLarge { bytes: text.len() })
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn posts_over_the_limit_are_refused_with_their_size() {
        assert_eq!(check_post_size(&"a".repeat(MAX_POST_BYTES)), Ok(()));
        let e = check_post_size(&"a".repeat(MAX_POST_BYTES + 1)).err();
        assert_eq!(
            e,
            Some(PostTooLarge {
                bytes: MAX_POST_BYTES + 1
            })
        );
        assert!(e.is_some_and(|e| e.to_string().contains("at most 1024 KiB")));
    }
}
