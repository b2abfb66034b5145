//! Readers and writers: COINr iMeta/iData CSV, long CSV, SDMX-CSV, native JSON, and adapters
//! for the public THB data sets.
//!
//! Every reader reports every problem it finds (not only the first), each with file, line,
//! column, unit and indicator where they apply.

pub mod coinr;
mod csv_util;

pub use coinr::{read_idata, read_idata_str, read_imeta, read_imeta_str};
