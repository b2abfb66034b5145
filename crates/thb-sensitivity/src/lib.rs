//! thb-sensitivity (placeholder).
