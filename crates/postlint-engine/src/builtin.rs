//! The built-in packs, embedded in the binary from `rules/` at build time.
//! Each pack is a folder: a manifest (`pack.yaml`) and its rule files.

/// A built-in pack: its name, manifest text and rule files.
pub struct BuiltinPack {
    pub name: &'static str,
    pub manifest: &'static str,
    pub files: &'static [(&'static str, &'static str)],
}

macro_rules! pack {
    ($name:literal) => {
        BuiltinPack {
            name: $name,
            manifest: include_str!(concat!("../../../rules/", $name, "/pack.yaml")),
            files: &[(
                concat!($name, ".rules"),
                include_str!(concat!("../../../rules/", $name, "/", $name, ".rules")),
            )],
        }
    };
}

/// The built-in packs, dependencies first.
pub const BUILTIN: &[BuiltinPack] = &[
    pack!("core"),
    pack!("cialdini"),
    pack!("engagement"),
    pack!("killers"),
    pack!("replies"),
    pack!("platform"),
    pack!("measure"),
    pack!("calendar"),
];

/// (file name, text) of every built-in rule file, named `builtin:PACK/FILE`.
pub fn sources() -> Vec<(String, String)> {
    BUILTIN
        .iter()
        .flat_map(|p| {
            p.files
                .iter()
                .map(move |(n, t)| (format!("builtin:{}/{n}", p.name), t.to_string()))
        })
        .collect()
}

/// Names of the built-in packs.
pub const PACKS: &[&str] = &[
    "core",
    "cialdini",
    "engagement",
    "killers",
    "replies",
    "platform",
    "measure",
    "calendar",
];
