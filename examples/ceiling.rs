//! The framework's ceiling for `benches/serve.sh`: a minimal actix-web server that answers the
//! same paths with the same bytes (and roughly the same headers) straight from memory.
//!
//! `ceiling ADDR SPEC`: each line of SPEC is `PATH<TAB>ENCODING<TAB>CONTENT-TYPE<TAB>ETAG<TAB>FILE`
//! (ENCODING `identity`, `gzip` or `br`). A request gets the first encoded variant its
//! `Accept-Encoding` names, else the identity body; `If-None-Match` with the tag gives 304.

use std::collections::HashMap;
use std::sync::Arc;

use actix_web::http::header;
use actix_web::{web, App, HttpRequest, HttpResponse, HttpServer};

struct Variant {
    encoding: String,
    content_type: String,
    etag: String,
    body: web::Bytes,
}

type Routes = HashMap<String, Vec<Variant>>;

async fn answer(req: HttpRequest, routes: web::Data<Routes>) -> HttpResponse {
    let Some(variants) = routes.get(req.path()) else {
        return HttpResponse::NotFound().finish();
    };
    let header = |name| req.headers().get(name).and_then(|v| v.to_str().ok()).unwrap_or("");
    let accepted = header(header::ACCEPT_ENCODING);
    let chosen = variants
        .iter()
        .find(|v| v.encoding != "identity" && accepted.contains(v.encoding.as_str()))
        .or_else(|| variants.iter().find(|v| v.encoding == "identity"))
        .expect("every path has an identity body");
    if header(header::IF_NONE_MATCH).contains(chosen.etag.as_str()) {
        return HttpResponse::NotModified().insert_header((header::ETAG, chosen.etag.clone())).finish();
    }
    let mut response = HttpResponse::Ok();
    response
        .content_type(chosen.content_type.clone())
        .insert_header((header::ETAG, chosen.etag.clone()))
        .insert_header((header::VARY, "Accept-Encoding"));
    if chosen.encoding != "identity" {
        response.insert_header((header::CONTENT_ENCODING, chosen.encoding.clone()));
    }
    response.body(chosen.body.clone())
}

#[actix_web::main]
async fn main() -> std::io::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let [_, addr, spec] = &args[..] else {
        panic!("usage: ceiling ADDR SPEC");
    };
    let mut routes = Routes::new();
    for line in std::fs::read_to_string(spec)?.lines().filter(|l| !l.is_empty()) {
        let fields: Vec<&str> = line.split('\t').collect();
        let [path, encoding, content_type, etag, file] = fields[..] else {
            panic!("bad spec line {line:?}");
        };
        let body = web::Bytes::from(std::fs::read(file)?);
        let variant = Variant { encoding: encoding.into(), content_type: content_type.into(), etag: etag.into(), body };
        routes.entry(path.to_string()).or_default().push(variant);
    }
    let routes = web::Data::from(Arc::new(routes));
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get());
    HttpServer::new(move || App::new().app_data(routes.clone()).default_service(web::to(answer)))
        .workers(workers)
        .bind(addr)?
        .run()
        .await
}
