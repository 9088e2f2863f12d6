//! Cursor pagination of lists: the body stays the array it always was (old clients read the
//! first page unchanged) and `Link: <...>; rel="next"` names the next page while there is one.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse};
use serde::Serialize;

/// The answer for a page read with one item more than `limit`: that item only tells that a
/// next page exists, which starts after the last item shown (`cursor` of it).
pub fn respond<T: Serialize>(
    req: &HttpRequest,
    mut items: Vec<T>,
    limit: usize,
    cursor: impl Fn(&T) -> String,
) -> HttpResponse {
    let more = items.len() > limit;
    items.truncate(limit);
    let mut response = HttpResponse::Ok();
    if let (true, Some(last)) = (more, items.last()) {
        let next = format!("<{}?limit={limit}&after={}>; rel=\"next\"", req.path(), cursor(last));
        response.insert_header((header::LINK, next));
    }
    response.json(items)
}
