//! Shared fixtures for the criterion benchmarks of the THB INDEX workspace.
//!
//! The benchmarks live in `benches/benches/`; run them with `cargo bench -p thb-benches`.
