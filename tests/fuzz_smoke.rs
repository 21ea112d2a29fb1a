//! A short stable-toolchain fuzz run: every fuzz target (fuzz/targets.rs) over the committed corpus
//! (fuzz/corpus/TARGET/) and the bad-file corpus, then over random mutations of them for a time budget
//! (`KZ_FUZZ_SECONDS` per target, default 1; `KZ_FUZZ_TARGET` runs one target). A panic is a finding:
//! the input that caused it is written to target/fuzz-findings/ and the test fails.
//! The coverage-guided runs use cargo-fuzz: see the README.

#[path = "../fuzz/targets.rs"]
mod targets;

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

fn seeds(target: &str) -> Vec<Vec<u8>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut dirs = vec![root.join("fuzz/corpus").join(target)];
    if matches!(target, "document" | "exam" | "result") {
        dirs.push(root.join("tests/fixtures/bad"));
        dirs.push(root.join("data/decks"));
    }
    if matches!(target, "anki_text" | "apkg" | "quizlet" | "csv") {
        dirs.push(root.join("tests/fixtures"));
    }
    let mut out = Vec::new();
    for d in dirs {
        let Ok(entries) = std::fs::read_dir(&d) else { continue };
        let mut paths: Vec<PathBuf> = entries.flatten().map(|e| e.path()).filter(|p| p.is_file()).collect();
        paths.sort();
        for p in paths {
            if let Ok(bytes) = std::fs::read(&p)
                && bytes.len() <= 256 * 1024
            {
                out.push(bytes);
            }
        }
    }
    if out.is_empty() {
        out.push(Vec::new());
    }
    out
}

/// xorshift64*, seeded per run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        if n == 0 { 0 } else { (self.next() % n as u64) as usize }
    }
}

const TOKENS: &[&[u8]] = &[
    b"(",
    b")",
    b"[",
    b"]",
    b"{",
    b"}",
    b",",
    b":",
    b"\"",
    b"\\",
    b"\n",
    b"\r\n",
    b"\t",
    b"#",
    b"//",
    b"/*",
    b"*/",
    b"Deck(",
    b"Chart(",
    b"Exam(",
    b"ExamResult(",
    b"version: 1,",
    b"version: 99,",
    b"id: \"x\",",
    b"cards: [",
    b"units: [",
    b"parent: \"x\",",
    b"Some(",
    b"None",
    b"true",
    b"-1",
    b"1e309",
    b"18446744073709551616",
    b"\xef\xbb\xbf",
    b"\xff",
    b"\xc3",
    b"\x00",
    "Мәжіліс".as_bytes(),
    b"{{c1::",
    b"}}",
    b"<br>",
    b"&amp;",
    b"PK\x03\x04",
    b"29 April 1995",
    b"%",
];

fn mutate(rng: &mut Rng, input: &[u8], pool: &[Vec<u8>]) -> Vec<u8> {
    let mut data = input.to_vec();
    for _ in 0..1 + rng.below(8) {
        let at = rng.below(data.len() + 1);
        match rng.below(7) {
            0 if !data.is_empty() => {
                let i = rng.below(data.len());
                data[i] ^= 1 << rng.below(8);
            }
            1 if !data.is_empty() => {
                let end = (at + 1 + rng.below(16)).min(data.len());
                data.drain(at.min(end)..end);
            }
            2 => {
                let t = TOKENS[rng.below(TOKENS.len())];
                data.splice(at..at, t.iter().copied());
            }
            3 => data.truncate(at),
            4 if !data.is_empty() => {
                // Repeat a piece (deep nesting, long runs).
                let start = rng.below(data.len());
                let end = (start + 1 + rng.below(8)).min(data.len());
                let piece = data[start..end].to_vec();
                for _ in 0..rng.below(64) {
                    data.splice(at..at, piece.iter().copied());
                }
            }
            5 => {
                // Splice in part of another seed.
                let other = &pool[rng.below(pool.len())];
                if !other.is_empty() {
                    let start = rng.below(other.len());
                    let end = (start + rng.below(256)).min(other.len());
                    data.splice(at..at, other[start..end].iter().copied());
                }
            }
            _ => data.insert(at, rng.next() as u8),
        }
    }
    data
}

fn findings_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("target/fuzz-findings")
}

#[test]
fn no_fuzz_target_panics_on_the_corpus_or_its_mutations() {
    let seconds: f64 = std::env::var("KZ_FUZZ_SECONDS").ok().and_then(|s| s.parse().ok()).unwrap_or(1.0);
    let only = std::env::var("KZ_FUZZ_TARGET").ok();
    let seed = std::env::var("KZ_FUZZ_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or(0x9E37_79B9_7F4A_7C15u64);
    // Keep the expected panics' messages out of the output; they are reported below.
    std::panic::set_hook(Box::new(|_| {}));
    let mut findings = Vec::new();
    for (name, target) in targets::TARGETS {
        if only.as_deref().is_some_and(|o| o != *name) {
            continue;
        }
        let pool = seeds(name);
        let mut rng = Rng(seed ^ name.len() as u64);
        let mut runs = 0u64;
        let mut run = |input: &[u8]| -> bool {
            runs += 1;
            if catch_unwind(AssertUnwindSafe(|| target(input))).is_err() {
                let dir = findings_dir().join(name);
                let _ = std::fs::create_dir_all(&dir);
                let file = dir.join(format!("crash-{:016x}", fxhash(input)));
                let _ = std::fs::write(&file, input);
                findings.push(format!("{name}: {}", file.display()));
                return false;
            }
            true
        };
        for s in &pool {
            run(s);
        }
        let deadline = Instant::now() + Duration::from_secs_f64(seconds);
        while Instant::now() < deadline {
            let base = &pool[rng.below(pool.len())];
            let input = mutate(&mut rng, base, &pool);
            if !run(&input) {
                break;
            }
        }
        eprintln!("fuzz {name}: {runs} inputs");
    }
    let _ = std::panic::take_hook();
    assert!(findings.is_empty(), "inputs that panic:\n{}", findings.join("\n"));
}

fn fxhash(data: &[u8]) -> u64 {
    data.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, &b| (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3))
}
