//! Wall-clock time as stored: RFC 3339 in UTC, to the millisecond.

use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

pub fn now() -> String {
    let now = OffsetDateTime::now_utc();
    let now = now.replace_millisecond(now.millisecond()).expect("a millisecond is always valid");
    now.format(&Rfc3339).expect("UTC times always format")
}
