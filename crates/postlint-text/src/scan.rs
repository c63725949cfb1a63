//! Byte scans: most passes over a post look for a few bytes that are rare
//! in it (marks, line breaks, quotes, sigils, non-ASCII). ASCII bytes are
//! found with `memchr` (vectorised), non-ASCII ones eight bytes at a time.

/// `0x80` in every byte of a word: the ASCII bit of each byte.
const HIGH: u64 = 0x8080_8080_8080_8080;

/// A word of `hay` starting at byte `i`, or `None` near the end.
#[inline]
fn word_at(hay: &[u8], i: usize) -> Option<u64> {
    let bytes: [u8; 8] = hay.get(i..i.checked_add(8)?)?.try_into().ok()?;
    Some(u64::from_le_bytes(bytes))
}

/// The offset of the first non-ASCII byte of `hay` at or after `from`.
/// It reads every byte up to the one it finds: a pass that calls it again
/// from a later offset keeps the answer (see [`NextNonAscii`]) instead of
/// scanning the same ASCII run twice.
pub(crate) fn first_non_ascii(hay: &[u8], from: usize) -> Option<usize> {
    let mut i = from;
    while let Some(word) = word_at(hay, i) {
        if word & HIGH != 0 {
            break;
        }
        i += 8;
    }
    let found = hay
        .get(i..)
        .and_then(|rest| rest.iter().position(|b| !b.is_ascii()).map(|k| i + k));
    #[cfg(test)]
    tests::SCANNED.with(|n| n.set(n.get() + found.unwrap_or(hay.len()).saturating_sub(from)));
    found
}

/// [`first_non_ascii`] for a pass whose offsets mostly grow: the last
/// answer holds for every offset between the one it was looked for from
/// and itself, so each byte is scanned once per pass.
#[derive(Debug, Default)]
pub(crate) struct NextNonAscii {
    /// `(from, next)`: the first non-ASCII byte at or after `from` is
    /// `next` (`hay.len()` for none), once looked for.
    last: Option<(usize, usize)>,
}

impl NextNonAscii {
    /// The first non-ASCII byte of `hay` at or after `from`, or `hay.len()`;
    /// `hay` is the same on every call.
    pub(crate) fn find(&mut self, hay: &[u8], from: usize) -> usize {
        match self.last {
            Some((start, next)) if start <= from && from <= next => next,
            _ => {
                let next = first_non_ascii(hay, from).unwrap_or(hay.len());
                self.last = Some((from, next));
                next
            }
        }
    }
}

/// A set of bytes to look for: up to three ASCII bytes and any UTF-8 lead
/// bytes. Built once, as a constant.
pub(crate) struct ByteSet {
    /// Exactly the bytes in the set.
    wanted: [bool; 256],
    /// The ASCII bytes of the set (`memchr` looks for up to three at once).
    ascii: [u8; 3],
    /// How many of `ascii` are used.
    ascii_len: usize,
    /// Whether the set holds a non-ASCII byte.
    non_ascii: bool,
}

impl ByteSet {
    /// The set of `bytes`; panics (at compile time) on more than three ASCII bytes.
    pub(crate) const fn new(bytes: &[u8]) -> ByteSet {
        let mut set = ByteSet {
            wanted: [false; 256],
            ascii: [0; 3],
            ascii_len: 0,
            non_ascii: false,
        };
        let mut k = 0;
        while k < bytes.len() {
            let b = bytes[k];
            set.wanted[b as usize] = true;
            if b.is_ascii() {
                set.ascii[set.ascii_len] = b;
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

    /// The first ASCII byte of the set in `hay`, vectorised.
    fn find_ascii(&self, hay: &[u8]) -> Option<usize> {
        let [a, b, c] = self.ascii;
        match self.ascii_len {
            0 => None,
            1 => memchr::memchr(a, hay),
            2 => memchr::memchr2(a, b, hay),
            _ => memchr::memchr3(a, b, c, hay),
        }
    }

    /// A search of `hay` for the bytes of the set, left to right.
    pub(crate) fn finder<'h>(&'h self, hay: &'h [u8]) -> Finder<'h> {
        Finder {
            set: self,
            hay,
            ascii_from: 0,
            next_ascii: None,
            non_ascii: NextNonAscii::default(),
            checked_from: usize::MAX,
            checked_to: 0,
            non_ascii_hit: None,
        }
    }
}

/// Finds the bytes of a [`ByteSet`] in a text: the ASCII ones with
/// `memchr` (most texts are mostly ASCII), the non-ASCII ones among the
/// non-ASCII bytes before the next ASCII one. The next ASCII byte is kept
/// between calls, so a text is scanned once however many bytes are found.
pub(crate) struct Finder<'h> {
    set: &'h ByteSet,
    hay: &'h [u8],
    /// `next_ascii` is the first ASCII byte of the set at or after
    /// `ascii_from` (`hay.len()` for none), once looked for.
    ascii_from: usize,
    next_ascii: Option<usize>,
    /// The next non-ASCII byte, kept for the same reason.
    non_ascii: NextNonAscii,
    /// What the non-ASCII bytes from `checked_from` hold: the first one of
    /// the set (`non_ascii_hit`), or none before `checked_to`. Without it,
    /// a long run of non-ASCII bytes outside the set, far from the next
    /// ASCII byte of the set, would be read again on every call.
    checked_from: usize,
    checked_to: usize,
    non_ascii_hit: Option<usize>,
}

impl Finder<'_> {
    /// The offset of the first byte of the set at or after `from`.
    pub(crate) fn find(&mut self, from: usize) -> Option<usize> {
        let len = self.hay.len();
        if from >= len {
            return None;
        }
        let ascii = match self.next_ascii {
            Some(next) if self.ascii_from <= from && from <= next => next,
            _ => {
                let next = self
                    .set
                    .find_ascii(&self.hay[from..])
                    .map_or(len, |k| from + k);
                (self.ascii_from, self.next_ascii) = (from, Some(next));
                next
            }
        };
        if self.set.non_ascii {
            let mut i = from;
            match (self.checked_from <= from, self.non_ascii_hit) {
                // The first non-ASCII byte of the set at or after `from`.
                (true, Some(hit)) if from <= hit => {
                    return Some(hit.min(ascii)).filter(|&k| k < len);
                }
                // None before `checked_to`, which `from` has not passed:
                // read on from there.
                (true, None) if from <= self.checked_to => i = self.checked_to,
                // Nothing known about `from` on: start over there.
                _ => {
                    self.checked_from = from;
                    self.checked_to = from;
                    self.non_ascii_hit = None;
                }
            }
            loop {
                let k = self.non_ascii.find(self.hay, i);
                if k >= ascii {
                    self.checked_to = self.checked_to.max(ascii);
                    self.non_ascii_hit = None;
                    break;
                }
                if self.set.contains(self.hay[k]) {
                    self.non_ascii_hit = Some(k);
                    return Some(k);
                }
                i = k + 1;
            }
        }
        (ascii < len).then_some(ascii)
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use proptest::prelude::*;

    thread_local! {
        /// Bytes [`first_non_ascii`] has read on this thread: the work of
        /// the passes, for tests that compare it on texts of two sizes.
        pub(crate) static SCANNED: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
    }

    const SET: ByteSet = ByteSet::new(b"?!\n\xE2\xC2");

    proptest! {
        #[test]
        fn finds_what_a_byte_loop_finds(
            hay in prop::collection::vec(prop::sample::select(b"ab?!\n\r\x00\x7f\x80\xE2\xF0 ".to_vec()), 0..40),
            from in 0usize..44,
        ) {
            let expected = hay.get(from..).and_then(|r| r.iter().position(|&b| SET.contains(b))).map(|k| from + k);
            prop_assert_eq!(SET.finder(&hay).find(from), expected);
            // One finder over increasing offsets, as the passes use it.
            let mut finder = SET.finder(&hay);
            let (mut at, mut found) = (from, Vec::new());
            while let Some(i) = finder.find(at) {
                found.push(i);
                at = i + 1;
            }
            let all: Vec<usize> = (from..hay.len()).filter(|&i| SET.contains(hay[i])).collect();
            prop_assert_eq!(found, all);
            let expected = hay.get(from..).and_then(|r| r.iter().position(|b| !b.is_ascii())).map(|k| from + k);
            prop_assert_eq!(first_non_ascii(&hay, from), expected);
        }

        /// One finder asked in any order (forward, back, repeated) answers
        /// as a fresh byte loop would: what it keeps between calls is right.
        #[test]
        fn answers_in_any_order(
            hay in prop::collection::vec(prop::sample::select(b"ab?!\x80\x81\xF0\xE2 ".to_vec()), 0..60),
            froms in prop::collection::vec(0usize..64, 1..20),
        ) {
            let mut finder = SET.finder(&hay);
            for from in froms {
                let expected = hay.get(from..).and_then(|r| r.iter().position(|&b| SET.contains(b))).map(|k| from + k);
                prop_assert_eq!(finder.find(from), expected, "from {}", from);
            }
        }
    }

    /// A long run of non-ASCII bytes outside the set, far from the next
    /// byte of the set, is read once, not once per call: 4x the text is
    /// about 4x the bytes read.
    #[test]
    fn a_long_non_ascii_run_is_read_once() {
        let work = |n: usize| {
            let hay: Vec<u8> = "é"
                .repeat(n)
                .into_bytes()
                .into_iter()
                .chain(*b"?")
                .collect();
            SCANNED.with(|c| c.set(0));
            let mut finder = SET.finder(&hay);
            // Ask at every character, as a pass over the text does.
            let mut at = 0;
            while at < hay.len() {
                let _ = finder.find(at);
                at += 2;
            }
            SCANNED.with(std::cell::Cell::get)
        };
        let (one, four) = (work(2_000), work(8_000));
        assert!(
            four <= one * 5,
            "4x the text read {four} bytes against {one}"
        );
    }
}
