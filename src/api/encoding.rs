//! Content codings: which one a request accepts (`Accept-Encoding`), the entity tag of each
//! variant, and gzip for what is not precompressed.

use std::io::Write;

use actix_web::http::header::{self, EntityTag, HeaderValue};
use actix_web::HttpRequest;

/// A content coding the server sends, in its order of preference (smallest first).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Coding {
    Br,
    Gzip,
    Identity,
}

impl Coding {
    pub fn name(self) -> &'static str {
        match self {
            Coding::Br => "br",
            Coding::Gzip => "gzip",
            Coding::Identity => "identity",
        }
    }

    /// The strong tag of this variant of a body whose identity tag is `hash`: an encoded body
    /// is other bytes, so it gets a tag of its own.
    pub fn tag(self, hash: &str) -> EntityTag {
        match self {
            Coding::Identity => EntityTag::new_strong(hash.to_string()),
            coding => EntityTag::new_strong(format!("{hash}-{}", coding.name())),
        }
    }
}

/// The quality a request's `Accept-Encoding` gives `coding` (RFC 9110 12.5.3): named, else `*`,
/// else 1 for identity and 0 for the others.
fn quality(req: &HttpRequest, coding: Coding) -> f32 {
    let (mut named, mut any) = (None, None);
    for value in req.headers().get_all(header::ACCEPT_ENCODING).filter_map(|v| v.to_str().ok()) {
        for item in value.split(',') {
            let mut parts = item.split(';');
            let name = parts.next().unwrap_or("").trim();
            let q = parts
                .filter_map(|p| p.trim().strip_prefix("q=").or_else(|| p.trim().strip_prefix("Q=")))
                .find_map(|q| q.trim().parse::<f32>().ok())
                .unwrap_or(1.0);
            if name.eq_ignore_ascii_case(coding.name())
                || (coding == Coding::Gzip && name.eq_ignore_ascii_case("x-gzip"))
            {
                named = Some(q);
            } else if name == "*" {
                any = Some(q);
            }
        }
    }
    named.or(any).unwrap_or(if coding == Coding::Identity { 1.0 } else { 0.0 })
}

/// The coding to send: the first of `offered` (in the server's order, br before gzip) the
/// request accepts with a quality above 0; identity otherwise.
pub fn choose(req: &HttpRequest, offered: &[Coding]) -> Coding {
    if !req.headers().contains_key(header::ACCEPT_ENCODING) {
        return Coding::Identity;
    }
    offered.iter().copied().find(|&c| c != Coding::Identity && quality(req, c) > 0.0).unwrap_or(Coding::Identity)
}

/// Whether `If-None-Match` names any variant of the body whose identity tag is `hash` (compared
/// as text: no tag is made per request).
pub fn not_modified(req: &HttpRequest, hash: &str) -> bool {
    use actix_web::http::header::{Header, IfNoneMatch};
    if !req.headers().contains_key(header::IF_NONE_MATCH) {
        return false;
    }
    let names_variant = |tag: &str| {
        tag.strip_prefix(hash).is_some_and(|rest| {
            rest.is_empty() || [Coding::Gzip, Coding::Br].iter().any(|c| rest.strip_prefix('-') == Some(c.name()))
        })
    };
    match IfNoneMatch::parse(req) {
        Ok(IfNoneMatch::Any) => true,
        Ok(IfNoneMatch::Items(tags)) => tags.iter().any(|t| names_variant(t.tag())),
        Err(_) => false,
    }
}

/// `Vary: Accept-Encoding`: caches keep one answer per coding.
pub const VARY: (header::HeaderName, HeaderValue) = (header::VARY, HeaderValue::from_static("accept-encoding"));

/// `body` gzipped, at a level that is quick to make and still small.
pub fn gzip(body: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::with_capacity(body.len() / 4), flate2::Compression::new(6));
    encoder.write_all(body).expect("writing to memory does not fail");
    encoder.finish().expect("writing to memory does not fail")
}

#[cfg(test)]
mod tests {
    use actix_web::test::TestRequest;

    use super::not_modified;

    #[test]
    fn if_none_match_names_any_variant_of_the_body_and_nothing_else() {
        let hash = "ab12";
        let asks = |value: &str| {
            not_modified(&TestRequest::default().insert_header(("if-none-match", value)).to_http_request(), hash)
        };
        for matching in ["\"ab12\"", "\"ab12-gzip\"", "W/\"ab12-br\"", "\"zz\", \"ab12\"", "*"] {
            assert!(asks(matching), "{matching}");
        }
        for other in ["\"ab123\"", "\"ab12-deflate\"", "\"ab12-\"", "\"ab\"", "\"zz\""] {
            assert!(!asks(other), "{other}");
        }
        assert!(!not_modified(&TestRequest::default().to_http_request(), hash));
    }
}
