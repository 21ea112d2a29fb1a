//! Embeds the bundled data: every deck under `data/decks/` (adding a deck file is all it takes), and a
//! binary snapshot of the parsed chart and decks so that the app starts without parsing RON.
//!
//! The snapshot is only a cache. If the RON does not parse, no snapshot is written and the app and
//! `kz-civics check` parse the RON themselves and report each problem with its line and column.

use std::fmt::Write;
use std::path::Path;

// The data types, shared with the library: these files depend only on serde and on each other.
#[allow(dead_code)]
#[path = "src/model/chart.rs"]
mod chart;
#[allow(dead_code)]
#[path = "src/model/date.rs"]
mod date;
#[allow(dead_code)]
#[path = "src/model/deck.rs"]
mod deck;

fn main() {
    let root = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let out_dir = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    let data = Path::new(&root).join("data");
    let decks = data.join("decks");
    println!("cargo:rerun-if-changed=data");
    for f in ["chart.rs", "date.rs", "deck.rs"] {
        println!("cargo:rerun-if-changed=src/model/{f}");
    }
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
    std::fs::write(Path::new(&out_dir).join("bundled_decks.rs"), out).expect("OUT_DIR is writable");

    let snapshot = snapshot(&data.join("chart.ron"), names.iter().map(|n| decks.join(n))).unwrap_or_default();
    std::fs::write(Path::new(&out_dir).join("bundled.postcard"), snapshot).expect("OUT_DIR is writable");
}

/// The chart and decks parsed and encoded with postcard, or None if any file does not parse.
fn snapshot(chart: &Path, decks: impl Iterator<Item = std::path::PathBuf>) -> Option<Vec<u8>> {
    let options = ron::Options::default().with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME);
    let read =
        |p: &Path| std::fs::read_to_string(p).ok().map(|t| t.trim_start_matches('\u{feff}').replace("\r\n", "\n"));
    let chart: chart::Chart = options.from_str(&read(chart)?).ok()?;
    let decks: Vec<deck::Deck> = decks.map(|p| options.from_str(&read(&p)?).ok()).collect::<Option<Vec<_>>>()?;
    postcard::to_stdvec(&(chart, decks)).ok()
}
