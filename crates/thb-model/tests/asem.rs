//! Reads the real ASEM iMeta/iData tables from `../shared/data`.

use std::path::PathBuf;

use thb_model::io::{read_idata, read_imeta};
use thb_model::{Direction, Period};

fn shared() -> Option<PathBuf> {
    let dir = std::env::var_os("THB_SHARED_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared"));
    if dir.join("data").is_dir() {
        Some(dir)
    } else if std::env::var_os("THB_REQUIRE_SHARED_DATA").is_some() {
        panic!("shared data required but not found at {}", dir.display());
    } else {
        eprintln!("skipping: ../shared/data not found; set THB_SHARED_DIR");
        None
    }
}

#[test]
fn asem_tables_load() {
    let Some(dir) = shared() else { return };
    let fw = read_imeta(dir.join("data/coinr_asem/asem_imeta.csv")).unwrap();
    assert_eq!(fw.indicators().len(), 49);
    assert_eq!(fw.levels(), 4);
    assert_eq!(fw.root().code.as_str(), "Index");
    assert_eq!(
        fw.indicators()
            .iter()
            .filter(|n| n.direction == Direction::Negative)
            .count(),
        14
    );
    let ds = read_idata(
        dir.join("data/coinr_asem/asem_idata.csv"),
        &fw,
        Period::Year(2018),
    )
    .unwrap();
    assert_eq!(ds.units().len(), 51);
    assert_eq!(ds.periods(), &[Period::Year(2018)]);
    let codes: Vec<&str> = fw.indicators().iter().map(|n| n.code.as_str()).collect();
    let m = ds
        .to_matrix(Period::Year(2018), &codes, Default::default())
        .unwrap();
    assert_eq!(m.missing_mask().iter().filter(|&&b| b).count(), 63);
    assert!(ds.validate(&fw).is_empty(), "{:?}", ds.validate(&fw));
}
