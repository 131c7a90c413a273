//! The bounded fuzz run every test run does (CI included), on stable Rust and without
//! instrumentation: each fuzz target (`tandem::untrusted`, the same functions `fuzz/` runs
//! under libFuzzer) over its whole kept corpus (`fuzz/corpus/<target>/`), then over inputs
//! mutated from it (bit flips, interesting bytes, cuts, repeats, splices, JSON tokens) with a
//! fixed seed, for a few seconds per target. A panic fails the test and names the input.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// Time for the mutation run of one target (five targets: well under a minute in all).
const BUDGET: Duration = Duration::from_secs(6);

/// Tokens worth inserting: JSON structure, numbers at the edges, escapes, long strings.
const TOKENS: &[&[u8]] = &[
    b"{",
    b"}",
    b"[",
    b"]",
    b"\"",
    b":",
    b",",
    b"null",
    b"true",
    b"-1",
    b"1e999",
    b"18446744073709551616",
    b"-9223372036854775809",
    b"0.5",
    b"\\u0000",
    b"\\ud800",
    b"\"t\":",
    b"\"redeem\"",
    b"\"code\"",
    b"\"url\"",
    b"\"favourites\"",
    b"\"rights\"",
    b"\"javascript:alert(1)\"",
    b"\"http://127.0.0.1/\"",
    b"\x00",
    b"\x01",
    b"\xff",
];

fn corpus(target: &str) -> Vec<Vec<u8>> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../fuzz/corpus")
        .join(target);
    let mut inputs: Vec<Vec<u8>> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| std::fs::read(e.unwrap().path()).unwrap())
        .collect();
    inputs.sort();
    assert!(!inputs.is_empty(), "{target} has a seed corpus");
    inputs
}

/// xorshift64*: a fixed-seed source of choices, so a failure replays.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

fn mutate(rng: &mut Rng, input: &mut Vec<u8>, corpus: &[Vec<u8>]) {
    for _ in 0..1 + rng.below(4) {
        let at = rng.below(input.len() + 1);
        match rng.below(7) {
            0 if !input.is_empty() => {
                let i = rng.below(input.len());
                input[i] ^= 1 << rng.below(8);
            }
            1 if !input.is_empty() => {
                let i = rng.below(input.len());
                input[i] = [0, 0x7f, 0x80, 0xff, b'"', b'\\', b'{', b'9'][rng.below(8)];
            }
            2 => {
                let end = (at + rng.below(16)).min(input.len());
                input.drain(at..end);
            }
            3 if at < input.len() => {
                let end = (at + 1 + rng.below(64)).min(input.len());
                let chunk = input[at..end].to_vec();
                for _ in 0..1 + rng.below(64) {
                    input.splice(at..at, chunk.iter().copied());
                }
            }
            4 => {
                let other = &corpus[rng.below(corpus.len())];
                let from = rng.below(other.len());
                let to = from + rng.below(other.len() - from + 1);
                input.splice(at..at, other[from..to].iter().copied());
            }
            _ => {
                let token = TOKENS[rng.below(TOKENS.len())];
                input.splice(at..at, token.iter().copied());
            }
        }
    }
    input.truncate(64 * 1024);
}

fn run(name: &str) {
    let (_, target) = tandem::untrusted::TARGETS
        .iter()
        .find(|(n, _)| *n == name)
        .expect("a target of that name");
    let corpus = corpus(name);
    let check = |input: &[u8]| {
        if catch_unwind(AssertUnwindSafe(|| target(input))).is_err() {
            panic!(
                "{name} panicked on {:?} (hex {})",
                String::from_utf8_lossy(input),
                hex::encode(input)
            );
        }
    };
    for input in &corpus {
        check(input);
    }
    let mut rng = Rng(0x7a6e_6465_6d5f_6675 ^ name.len() as u64);
    let started = Instant::now();
    let mut runs = 0u64;
    while started.elapsed() < BUDGET {
        let mut input = corpus[rng.below(corpus.len())].clone();
        for _ in 0..1 + rng.below(8) {
            mutate(&mut rng, &mut input, &corpus);
            check(&input);
            runs += 1;
        }
    }
    eprintln!(
        "{name}: {} corpus inputs, {runs} mutated inputs, no panic",
        corpus.len()
    );
}

#[test]
fn customer_frame() {
    run("customer_frame");
}

#[test]
fn agent_frame() {
    run("agent_frame");
}

#[test]
fn site_settings() {
    run("site_settings");
}

#[test]
fn api_body() {
    run("api_body");
}

#[test]
fn dom_frame() {
    run("dom_frame");
}

#[test]
fn every_target_has_a_test_here() {
    let names: Vec<_> = tandem::untrusted::TARGETS.iter().map(|(n, _)| *n).collect();
    assert_eq!(
        names,
        [
            "customer_frame",
            "agent_frame",
            "site_settings",
            "api_body",
            "dom_frame"
        ]
    );
}
