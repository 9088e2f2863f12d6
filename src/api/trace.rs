//! One line per request (its id, method, route, status and latency); the lines logged while
//! handling it (a 500's cause) carry its id too, and every response carries it in
//! `X-Request-Id`, so that an answer a caller quotes can be found in the log. No span: entering
//! and formatting one per request cost more than the line itself.

use std::time::Instant;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::middleware::Next;
use actix_web::HttpMessage;

/// The response header that names the request in the log.
pub const REQUEST_ID_HEADER: &str = "x-request-id";

tokio::task_local! {
    /// The id of the request being handled: what error answers quote as their reference.
    static REQUEST_ID: String;
}

/// The id of the request being handled, if any (none outside a request, e.g. in the CLI).
pub fn current_request_id() -> Option<String> {
    REQUEST_ID.try_with(Clone::clone).ok()
}

/// The id to put on a line logged while handling a request ("-" outside one).
pub fn log_id() -> String {
    current_request_id().unwrap_or_else(|| "-".into())
}

/// 64 bits in hex: unique enough to find one request in a log, short enough to quote. A counter
/// from a random start, mixed (SplitMix64, a bijection, so no two requests of a process share
/// one), instead of asking the operating system for randomness on every request.
fn new_request_id() -> String {
    static NEXT: std::sync::OnceLock<std::sync::atomic::AtomicU64> = std::sync::OnceLock::new();
    let next = NEXT.get_or_init(|| {
        let start = getrandom::u64().expect("the operating system's random source is available");
        std::sync::atomic::AtomicU64::new(start)
    });
    let mut z = next.fetch_add(0x9E37_79B9_7F4A_7C15, std::sync::atomic::Ordering::Relaxed);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    format!("{:016x}", z ^ (z >> 31))
}

/// The route a handler names for the log when no pattern does (the site's files, served for
/// whatever no route takes): actix would otherwise match the path against every pattern again.
#[derive(Clone, Copy)]
pub struct Route(pub &'static str);

/// The middleware (`actix_web::middleware::from_fn(trace)`).
pub async fn trace(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let id = new_request_id();
    let method = req.method().clone();
    let started = Instant::now();
    let result = REQUEST_ID.scope(id.clone(), next.call(req)).await;
    // The route pattern, not the path: unit codes and years would make every line unique. Read
    // once routed (actix then names the matched resource; before, it would match every
    // pattern again).
    let named = result.as_ref().ok().and_then(|response| response.request().extensions().get::<Route>().copied());
    let route = match named {
        Some(Route(route)) => std::borrow::Cow::Borrowed(route),
        None => result.as_ref().ok().and_then(|r| r.request().match_pattern()).map_or("(no route)".into(), Into::into),
    };
    let latency_ms = (started.elapsed().as_secs_f64() * 10_000.0).round() / 10.0;
    let status = match &result {
        Ok(response) => response.status(),
        Err(error) => error.as_response_error().status_code(),
    };
    tracing::info!(id = %id, method = %method, route = %route, status = status.as_u16(), latency_ms, "answered");
    let mut response = result?;
    let value = HeaderValue::from_str(&id).expect("hex is a valid header value");
    response.headers_mut().insert(HeaderName::from_static(REQUEST_ID_HEADER), value);
    Ok(response)
}

#[cfg(test)]
mod tests {
    #[test]
    fn request_ids_are_sixteen_hex_digits_and_do_not_repeat() {
        let ids: std::collections::HashSet<String> = (0..10_000).map(|_| super::new_request_id()).collect();
        assert_eq!(ids.len(), 10_000);
        assert!(ids.iter().all(|id| id.len() == 16 && id.bytes().all(|b| b.is_ascii_hexdigit())));
    }
}
