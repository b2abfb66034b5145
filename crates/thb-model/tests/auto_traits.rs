//! Public types are `Send + Sync + Unpin` (usable across threads and in async code).

use thb_model::io::adapters::glotip::GlotipData;
use thb_model::io::{DataFormat, DimensionMap, FrameworkFormat, MappingRule};
use thb_model::*;

fn assert_auto<T: Send + Sync + Unpin>() {}

#[test]
fn public_types_are_send_sync_unpin() {
    assert_auto::<Code>();
    assert_auto::<UnitCode>();
    assert_auto::<UnitKind>();
    assert_auto::<Period>();
    assert_auto::<Node>();
    assert_auto::<NodeKind>();
    assert_auto::<Role>();
    assert_auto::<Direction>();
    assert_auto::<Goalposts>();
    assert_auto::<ColumnKind>();
    assert_auto::<Family>();
    assert_auto::<Framework>();
    assert_auto::<Unit>();
    assert_auto::<Dataset>();
    assert_auto::<Observation>();
    assert_auto::<ObsStatus>();
    assert_auto::<Flag>();
    assert_auto::<Flags>();
    assert_auto::<CellError>();
    assert_auto::<Matrix>();
    assert_auto::<CensoredPolicy>();
    assert_auto::<Issue>();
    assert_auto::<IssueKind>();
    assert_auto::<Location>();
    assert_auto::<ModelError>();
    assert_auto::<DimensionMap>();
    assert_auto::<MappingRule>();
    assert_auto::<FrameworkFormat>();
    assert_auto::<DataFormat>();
    assert_auto::<GlotipData>();
}
