//! Serde support for validated method parameters.
//!
//! A parameter struct derives serde with `#[serde(remote = "Self")]` (which generates inherent
//! `serialize`/`deserialize` functions) and this macro implements the serde traits on top, so
//! that deserialising always runs the type's `check()`: a spec can never hold parameters that
//! the validated `new` would reject.

/// Implements `Serialize` and a validating `Deserialize` for parameter structs that derive serde
/// with `#[serde(remote = "Self")]` and have a `fn check(&self) -> Result<()>`.
macro_rules! validated_serde {
    ($($t:ty),* $(,)?) => {$(
        #[cfg(feature = "serde")]
        impl serde::Serialize for $t {
            fn serialize<S: serde::Serializer>(&self, s: S) -> core::result::Result<S::Ok, S::Error> {
                <$t>::serialize(self, s)
            }
        }
        #[cfg(feature = "serde")]
        impl<'de> serde::Deserialize<'de> for $t {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> core::result::Result<Self, D::Error> {
                let value = <$t>::deserialize(d)?;
                value.check().map_err(serde::de::Error::custom)?;
                Ok(value)
            }
        }
    )*};
}
pub(crate) use validated_serde;

/// A spec error with a message.
pub(crate) fn invalid(message: impl Into<String>) -> crate::ScoringError {
    crate::ScoringError::Spec {
        message: message.into(),
    }
}

/// Checks that `value` is finite.
pub(crate) fn finite(what: &str, value: f64) -> crate::Result<()> {
    if value.is_finite() {
        Ok(())
    } else {
        Err(invalid(format!(
            "{what} must be a finite number, got {value}"
        )))
    }
}
