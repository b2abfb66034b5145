//! Reads the real ASEM iMeta/iData tables from `../shared/data`.

mod common;

use thb_model::io::{read_idata, read_imeta};
use thb_model::{Direction, Period};

#[test]
fn asem_tables_load() {
    let Some(dir) = common::shared() else {
        return;
    };
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
