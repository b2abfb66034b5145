//! End-to-end tests of the `thb` binary: real files from `../shared/data`, broken inputs, exit
//! codes, and that nothing is written to `--out` on failure.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn thb(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_thb"))
        .args(args)
        .output()
        .expect("the thb binary runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The shared data folder, or `None` (with a notice) when it is absent and not required.
fn shared() -> Option<PathBuf> {
    let dir = std::env::var_os("THB_SHARED_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared"));
    if dir.join("data").is_dir() {
        Some(dir)
    } else if std::env::var_os("THB_REQUIRE_SHARED_DATA").is_some() {
        panic!("shared data required but not found at {}", dir.display());
    } else {
        eprintln!("skipping: ../shared/data not found; set THB_SHARED_DIR");
        None
    }
}

fn asem(dir: &Path) -> (String, String) {
    (
        dir.join("data/coinr_asem/asem_imeta.csv")
            .display()
            .to_string(),
        dir.join("data/coinr_asem/asem_idata.csv")
            .display()
            .to_string(),
    )
}

#[test]
fn validate_builtin_reference_says_so_and_succeeds() {
    let o = thb(&["validate"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("ILLUSTRATIVE"), "{}", stderr(&o));
}

#[test]
fn validate_real_asem_tables() {
    let Some(dir) = shared() else { return };
    let (meta, data) = asem(&dir);
    let o = thb(&["validate", "--framework", &meta, "--data", &data]);
    assert!(o.status.success(), "{}", stderr(&o));
}

#[test]
fn validate_lists_every_problem_and_exits_1_writing_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let meta = tmp.path().join("meta.csv");
    std::fs::write(
        &meta,
        "iCode,Level,Parent,Type\na,1,P,Indicator\na,1,P,Indicator\nP,2,Q,Aggregate\n",
    )
    .unwrap();
    let out = tmp.path().join("problems.csv");
    let o = thb(&[
        "validate",
        "--framework",
        meta.to_str().unwrap(),
        "--data",
        meta.to_str().unwrap(),
        "--format",
        "csv",
    ]);
    assert_eq!(o.status.code(), Some(1));
    let text = stdout(&o);
    assert!(
        text.contains("meta.csv,3,iCode,,a,node `a` is defined twice"),
        "{text}"
    );
    assert!(text.contains("parent `Q` is not a node"), "{text}");
    assert!(stderr(&o).contains("problem(s) found"));
    assert!(!out.exists());
}

#[test]
fn usage_errors_exit_2() {
    let o = thb(&["validate", "--framework", "x.csv"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--framework needs --data"));
    assert_eq!(thb(&["no-such-command"]).status.code(), Some(2));
}

#[test]
fn missing_file_exits_1_naming_it() {
    let o = thb(&[
        "validate",
        "--framework",
        "/nonexistent/meta.csv",
        "--data",
        "/nonexistent/data.csv",
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("/nonexistent/meta.csv"),
        "{}",
        stderr(&o)
    );
}
