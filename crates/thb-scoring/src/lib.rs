//! THB INDEX scoring (placeholder until the pipeline lands).
