//! Byte scans that look at eight bytes at a time: most passes over a post
//! look for a few bytes that are rare in it (marks, line breaks, quotes,
//! sigils, non-ASCII), and most eight-byte words hold none of them.

/// `0x01` in every byte of a word.
const LOW: u64 = 0x0101_0101_0101_0101;
/// `0x80` in every byte of a word: the ASCII bit of each byte.
const HIGH: u64 = 0x8080_8080_8080_8080;

/// A word of `hay` starting at byte `i`, or `None` near the end.
#[inline]
fn word_at(hay: &[u8], i: usize) -> Option<u64> {
    let bytes: [u8; 8] = hay.get(i..i.checked_add(8)?)?.try_into().ok()?;
    Some(u64::from_le_bytes(bytes))
}

/// The offset of the first non-ASCII byte of `hay` at or after `from`.
pub(crate) fn first_non_ascii(hay: &[u8], from: usize) -> Option<usize> {
    let mut i = from;
    while let Some(word) = word_at(hay, i) {
        if word & HIGH != 0 {
            break;
        }
        i += 8;
    }
    let rest = hay.get(i..)?;
    rest.iter().position(|b| !b.is_ascii()).map(|k| i + k)
}

/// A set of bytes to look for: up to four ASCII bytes and any UTF-8 lead
/// bytes. Built once, as a constant.
pub(crate) struct ByteSet {
    /// Exactly the bytes in the set.
    wanted: [bool; 256],
    /// Each ASCII byte of the set repeated in all eight bytes of a word.
    ascii: [u64; 4],
    /// How many of `ascii` are used.
    ascii_len: usize,
    /// Whether the set holds a non-ASCII byte.
    non_ascii: bool,
}

impl ByteSet {
    /// The set of `bytes`; panics (at compile time) on more than four ASCII bytes.
    pub(crate) const fn new(bytes: &[u8]) -> ByteSet {
        let mut set = ByteSet {
            wanted: [false; 256],
            ascii: [0; 4],
            ascii_len: 0,
            non_ascii: false,
        };
        let mut k = 0;
        while k < bytes.len() {
            let b = bytes[k];
            set.wanted[b as usize] = true;
            if b.is_ascii() {
                set.ascii[set.ascii_len] = LOW * b as u64;
                set.ascii_len += 1;
            } else {
                set.non_ascii = true;
            }
            k += 1;
        }
        set
    }

    /// Whether `b` is in the set.
    #[inline]
    pub(crate) fn contains(&self, b: u8) -> bool {
        self.wanted[usize::from(b)]
    }

    /// Whether the word may hold a byte of the set: never a false "no".
    /// A byte equal to a wanted one becomes zero under `^`, and
    /// `(x - LOW) & !x & HIGH` flags every zero byte (a borrow out of a
    /// zero byte may also flag the byte above it: only a false "yes").
    #[inline]
    fn may_hold(&self, word: u64) -> bool {
        let mut hits = if self.non_ascii { word & HIGH } else { 0 };
        for &splat in &self.ascii[..self.ascii_len] {
            let x = word ^ splat;
            hits |= x.wrapping_sub(LOW) & !x & HIGH;
        }
        hits != 0
    }

    /// The offset of the first byte of `hay` in the set, at or after `from`.
    /// Inlined, so that the loop over a constant set is unrolled.
    #[inline]
    pub(crate) fn find(&self, hay: &[u8], from: usize) -> Option<usize> {
        let mut i = from;
        while let Some(word) = word_at(hay, i) {
            if self.may_hold(word) {
                if let Some(k) = hay[i..i + 8].iter().position(|&b| self.contains(b)) {
                    return Some(i + k);
                }
            }
            i += 8;
        }
        let rest = hay.get(i..)?;
        rest.iter().position(|&b| self.contains(b)).map(|k| i + k)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const SET: ByteSet = ByteSet::new(b"?!\n\xE2");

    proptest! {
        #[test]
        fn finds_what_a_byte_loop_finds(
            hay in prop::collection::vec(prop::sample::select(b"ab?!\n\r\x00\x7f\x80\xE2\xF0 ".to_vec()), 0..40),
            from in 0usize..44,
        ) {
            let expected = hay.get(from..).and_then(|r| r.iter().position(|&b| SET.contains(b))).map(|k| from + k);
            prop_assert_eq!(SET.find(&hay, from), expected);
            let expected = hay.get(from..).and_then(|r| r.iter().position(|b| !b.is_ascii())).map(|k| from + k);
            prop_assert_eq!(first_non_ascii(&hay, from), expected);
        }
    }
}
