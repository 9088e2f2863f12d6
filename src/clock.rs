//! Wall-clock time as stored: RFC 3339 in UTC with exactly three fractional digits, so that
//! times also sort correctly as strings.

use time::macros::format_description;
use time::OffsetDateTime;

pub fn now() -> String {
    let format = format_description!("[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:3]Z");
    OffsetDateTime::now_utc().format(&format).expect("UTC times always format")
}

#[cfg(test)]
mod tests {
    #[test]
    fn times_have_a_fixed_width() {
        let now = super::now();
        assert_eq!(now.len(), "2026-11-29T03:05:46.170Z".len(), "{now}");
        assert!(now.ends_with('Z'));
    }
}
