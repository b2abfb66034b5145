//! CSV helpers shared by the uncertainty and sensitivity tables.

use std::io::Write;

use crate::error::{Result, SensitivityError};

/// A CSV writer with the workspace's conventions (comma, `\n`, quoting only where needed).
pub(crate) fn csv_writer<W: Write>(out: W) -> csv::Writer<W> {
    csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(out)
}

pub(crate) fn write_record<W: Write>(
    w: &mut csv::Writer<W>,
    record: impl IntoIterator<Item = String>,
) -> Result<()> {
    w.write_record(record.into_iter().collect::<Vec<_>>())
        .map_err(|e| SensitivityError::Io {
            what: "a CSV row",
            source: std::io::Error::other(e),
        })
}

/// A number in the shortest form that round-trips an `f64`; missing = empty.
pub(crate) fn num(x: Option<f64>) -> String {
    x.map(|v| v.to_string()).unwrap_or_default()
}
