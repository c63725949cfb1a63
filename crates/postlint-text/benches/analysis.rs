//! Analysis and X counting speed on a short (~200 chars) and a long
//! (~2000 chars) post. Run: `cargo bench -p postlint-text`.

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use postlint_text::{analyze, count::x_weighted_length};

const SHORT: &str =
    "Vandaag de nieuwe fietsbrug geopend! 🚲 Dank aan @gemeente en iedereen die meedacht. \
Meer info: https://example.nl/fietsbrug #fietsen #Utrecht — wat vinden jullie ervan? 👇";

fn long() -> String {
    let paragraph = "Big news from our team today: after months of work, the new release is out. \
It is faster, smaller and, we hope, easier to use. Read the notes at example.com/release-notes \
and tell @support what you think! Questions? Ask away 🙌 #release #rust\n";
    paragraph.repeat(2000 / paragraph.len() + 1)
}

fn bench(c: &mut Criterion) {
    let long = long();
    c.bench_function("analyze short (~200 chars)", |b| {
        b.iter(|| analyze(black_box(SHORT)))
    });
    c.bench_function("analyze long (~2000 chars)", |b| {
        b.iter(|| analyze(black_box(&long)))
    });
    c.bench_function("x_weighted_length short", |b| {
        b.iter(|| x_weighted_length(black_box(SHORT)))
    });
    c.bench_function("x_weighted_length long", |b| {
        b.iter(|| x_weighted_length(black_box(&long)))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
