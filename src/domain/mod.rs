//! The domain: the report, its validation and its arithmetic. No HTTP and no storage here.

pub mod decimal;
pub mod figure;
pub mod report;
pub mod validate;
pub mod value;

pub use figure::Figure;
pub use report::*;
pub use value::{MetricValue, WaterClass};
