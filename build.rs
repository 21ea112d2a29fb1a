//! Embeds every deck under `data/decks/` into the binary, so that adding a deck file is all it takes.

use std::fmt::Write;
use std::path::Path;

fn main() {
    let root = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let decks = Path::new(&root).join("data").join("decks");
    println!("cargo:rerun-if-changed=data");
    let mut names: Vec<String> = std::fs::read_dir(&decks)
        .map(|dir| {
            dir.filter_map(Result::ok)
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.ends_with(".ron"))
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    let mut out = String::from("pub static BUNDLED_DECKS: &[Bundled] = &[\n");
    for name in &names {
        let path = decks.join(name);
        writeln!(
            out,
            "    Bundled {{ name: \"data/decks/{name}\", text: include_str!({:?}) }},",
            path.display().to_string()
        )
        .expect("writing to a String");
    }
    out.push_str("];\n");
    let out_dir = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    std::fs::write(Path::new(&out_dir).join("bundled_decks.rs"), out).expect("OUT_DIR is writable");
}
