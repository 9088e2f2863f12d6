//! The domain: the report, its validation and its arithmetic. No HTTP and no storage here.

pub mod cell;
pub mod decimal;
pub mod figure;
pub mod money;
pub mod number;
pub mod pointer;
pub mod report;
pub mod texts;
pub mod unit_code;
pub mod validate;
pub mod value;
pub(crate) mod wire;

pub use cell::{Cell, Narrative};
pub use figure::Figure;
pub use money::{Money, MoneyUnit};
pub use number::Number;
pub use pointer::Pointer;
pub use report::*;
pub use unit_code::UnitCode;
pub use value::{MetricValue, WaterClass};
