//! Wire names of unit-only enums, written once: [`wire_enum!`] gives each variant its serde name
//! and the enum an `as_str()` that returns the same text, for CSV columns, keys and labels that
//! need the name without going through serde.

/// Declares an enum whose variants are `Variant = "wire_name"`; adds `#[serde(rename)]` on each
/// variant, `as_str()` and `ALL`. Derives (serde, `ToSchema` ...) are written as usual.
///
/// The name is taken as a `tt`, not a `literal`: a `literal` fragment reaches derive macros
/// wrapped in an invisible group, which utoipa's `ToSchema` silently ignores.
macro_rules! wire_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $( $(#[$variant_meta:meta])* $variant:ident = $wire:tt ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        $vis enum $name {
            $( $(#[$variant_meta])* #[serde(rename = $wire)] $variant ),+
        }

        impl $name {
            /// Every variant, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The name on the wire, exactly as serde writes it.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $wire),+
                }
            }
        }
    };
}

pub(crate) use wire_enum;

/// Asserts that `as_str()` is the serde name of every variant, both ways.
#[cfg(test)]
pub(crate) fn assert_wire_names<T>(all: &[T], as_str: fn(T) -> &'static str)
where
    T: Copy + std::fmt::Debug + PartialEq + serde::Serialize,
{
    for &variant in all {
        let name = serde_json::to_value(variant).expect("unit variants serialize");
        assert_eq!(name, as_str(variant), "{variant:?}");
    }
}

#[cfg(test)]
mod tests {
    use super::assert_wire_names;
    use crate::domain::{BudgetItem, ClassificationScheme, Direction, Horizon, Phase, WaterClass};

    #[test]
    fn domain_enums_name_themselves_as_serde_does() {
        assert_wire_names(Phase::ALL, Phase::as_str);
        assert_wire_names(BudgetItem::ALL, BudgetItem::as_str);
        assert_wire_names(Direction::ALL, Direction::as_str);
        assert_wire_names(ClassificationScheme::ALL, ClassificationScheme::as_str);
        assert_wire_names(Horizon::ALL, Horizon::as_str);
        assert_wire_names(WaterClass::ALL, WaterClass::as_str);
        assert_eq!(WaterClass::WorseThanV.as_str(), "劣V");
        assert_eq!(BudgetItem::FiscalAppropriation.as_str(), "fiscal_appropriation");
    }

    #[test]
    fn the_openapi_schema_lists_the_wire_names() {
        use utoipa::PartialSchema;
        let schema = |s: utoipa::openapi::RefOr<utoipa::openapi::schema::Schema>| serde_json::to_value(s).unwrap();
        assert_eq!(schema(Direction::schema())["enum"], serde_json::json!(["increase", "decrease", "unchanged"]));
        assert_eq!(schema(WaterClass::schema())["enum"][5], "劣V");
    }

    #[test]
    fn wire_names_read_back() {
        for &phase in Phase::ALL {
            let read: Phase = serde_json::from_value(phase.as_str().into()).unwrap();
            assert_eq!(read, phase);
        }
        let read: WaterClass = serde_json::from_value("劣V".into()).unwrap();
        assert_eq!(read, WaterClass::WorseThanV);
    }
}
