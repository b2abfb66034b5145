//! THB INDEX facade (placeholder).
pub use thb_model as model;
