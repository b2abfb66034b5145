//! The serde form shared by the method registries ([`super::McdaMethod`],
//! [`crate::weighting::Weighting`], [`super::McdaNormalisation`]).
//!
//! serde's externally tagged form, with one convenience: a method whose parameters all have
//! defaults may be written as a bare string (`"topsis"`) as well as an object with one key
//! (`{"topsis": {"distance": "manhattan"}}`). A method without parameters is written as a string
//! (`"entropy"`; `{"entropy": {}}` is accepted too). A method whose parameters have no default
//! (`wsm` needs its normalisation named, `mcda-methods.md` D8) must be written as an object.
//! Nothing is buffered, so a parse error keeps its line and column.

/// Implements `NAMES`, `name()`, `Display` and (with the `serde` feature) `Serialize` and
/// `Deserialize` for a registry enum.
///
/// * `plain`: unit variants (no parameters);
/// * `defaulted`: newtype variants whose payload implements `Default` and `PartialEq` (string
///   form allowed, and used on output when the payload is the default);
/// * `required`: newtype variants whose payload must be given.
///
/// Each entry is `Variant => "name"` with optional `| "alias"` spellings accepted on input.
macro_rules! method_registry {
    (
        $enum:ident, $what:literal,
        plain { $($pv:ident => $pn:literal $(| $pa:literal)*),* $(,)? }
        defaulted { $($dv:ident => $dn:literal $(| $da:literal)*),* $(,)? }
        required { $($rv:ident => $rn:literal $(| $ra:literal)*),* $(,)? }
    ) => {
        impl $enum {
            /// Every method name, as written in a spec.
            pub const NAMES: &'static [&'static str] = &[$($pn,)* $($dn,)* $($rn,)*];

            /// Whether `name` is one of the methods' names or accepted spellings.
            #[allow(dead_code)] // not every registry needs it
            pub(crate) fn knows(name: &str) -> bool {
                [$($pn, $($pa,)*)* $($dn, $($da,)*)* $($rn, $($ra,)*)*].contains(&name)
            }

            /// The method's name as written in a spec.
            pub fn name(&self) -> &'static str {
                match self {
                    $(Self::$pv => $pn,)*
                    $(Self::$dv(_) => $dn,)*
                    $(Self::$rv(_) => $rn,)*
                }
            }
        }

        impl core::fmt::Display for $enum {
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                f.write_str(self.name())
            }
        }

        #[cfg(feature = "serde")]
        impl serde::Serialize for $enum {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                #[allow(unused_imports)]
                use serde::ser::SerializeMap;
                match self {
                    $(Self::$pv => s.serialize_str($pn),)*
                    $(Self::$dv(p) if *p == Default::default() => s.serialize_str($dn),)*
                    $(Self::$dv(p) => {
                        let mut m = s.serialize_map(Some(1))?;
                        m.serialize_entry($dn, p)?;
                        m.end()
                    })*
                    $(Self::$rv(p) => {
                        let mut m = s.serialize_map(Some(1))?;
                        m.serialize_entry($rn, p)?;
                        m.end()
                    })*
                }
            }
        }

        #[cfg(feature = "serde")]
        impl<'de> serde::Deserialize<'de> for $enum {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                struct V;
                impl<'de> serde::de::Visitor<'de> for V {
                    type Value = $enum;
                    fn expecting(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                        write!(f, "a {} name or an object with one key, one of {:?}", $what, $enum::NAMES)
                    }
                    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<$enum, E> {
                        match v {
                            $($pn $(| $pa)* => Ok($enum::$pv),)*
                            $($dn $(| $da)* => Ok($enum::$dv(Default::default())),)*
                            $($rn $(| $ra)* => Err(E::custom(format!(
                                "{} `{}` needs its parameters: write {{\"{}\": {{...}}}}",
                                $what, $rn, $rn
                            ))),)*
                            other => Err(E::unknown_variant(other, $enum::NAMES)),
                        }
                    }
                    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<$enum, A::Error> {
                        use serde::de::Error as _;
                        let key: String = map
                            .next_key()?
                            .ok_or_else(|| A::Error::custom(concat!("an empty object is not a ", $what)))?;
                        let value = match key.as_str() {
                            $($pn $(| $pa)* => {
                                map.next_value::<Option<$crate::mcda::registry::NoParams>>()?;
                                $enum::$pv
                            })*
                            $($dn $(| $da)* => $enum::$dv(map.next_value()?),)*
                            $($rn $(| $ra)* => $enum::$rv(map.next_value()?),)*
                            other => return Err(A::Error::unknown_variant(other, $enum::NAMES)),
                        };
                        if map.next_key::<serde::de::IgnoredAny>()?.is_some() {
                            return Err(A::Error::custom(concat!("a ", $what, " object has exactly one key")));
                        }
                        Ok(value)
                    }
                }
                d.deserialize_any(V)
            }
        }
    };
}

pub(crate) use method_registry;

/// The (empty) parameters of a method that takes none: `{}` or `null`.
#[cfg(feature = "serde")]
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct NoParams {}

/// The validated-parameters pattern of the method types: `$ty` wraps `$params`, its spec form
/// (public fields, serde defaults); `TryFrom<$params>` runs `$params::check`, so a spec is
/// validated on deserialisation (`#[serde(try_from = "...")]`), and `From<$ty>` gives the
/// parameters back for serialisation. Also adds `$ty::params`.
macro_rules! validated_params {
    ($ty:ident, $params:ident) => {
        impl TryFrom<$params> for $ty {
            type Error = $crate::ScoringError;
            fn try_from(p: $params) -> $crate::Result<Self> {
                p.check()?;
                Ok(Self(p))
            }
        }

        impl From<$ty> for $params {
            fn from(m: $ty) -> Self {
                m.0
            }
        }

        impl $ty {
            /// The (validated) parameters.
            pub fn params(&self) -> &$params {
                &self.0
            }
        }
    };
}

pub(crate) use validated_params;
