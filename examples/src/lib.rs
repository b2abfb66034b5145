//! Runnable walkthroughs of the THB INDEX library.
//!
//! Each example is a binary under `examples/examples/`; run one with
//! `cargo run -p thb-examples --example NAME`.
