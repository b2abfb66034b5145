//! thb-monitor (placeholder).
