//! The REST API under `/api/v1`, its OpenAPI document and Swagger UI. Handlers stay thin: they
//! check parameters and the caller, then hand over to `service` and `store`.
//!
//! Each route is registered once, in [`routes`]: the server mounts that scope and the OpenAPI
//! document collects its paths from the same value (`utoipa-actix-web`).

pub mod analysis;
pub mod auth;
pub mod body;
pub mod encoding;
pub mod error;
pub mod log;
pub mod pages;
pub mod params;
pub mod revisions;
pub mod site_files;
pub mod tokens;
pub mod trace;
pub mod units;

use std::sync::{Arc, OnceLock};

use actix_web::dev::{HttpServiceFactory, ResourceDef};
use actix_web::http::Method;
use actix_web::{web, HttpRequest, HttpResponse};
use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityScheme};
use utoipa::{Modify, OpenApi};
use utoipa_actix_web::OpenApiFactory;
use utoipa_swagger_ui::SwaggerUi;

use crate::bounded::Bounded;
use crate::domain::validate::Problem;
use crate::error::Error;
use crate::integrity::Sha256;
use crate::store::Store;
use bytes::Bytes;

/// What every handler can reach.
pub struct AppState {
    pub store: Arc<dyn Store>,
    /// Largest accepted request body, in bytes.
    pub body_limit: usize,
    /// The disclosure site to rebuild when a revision is published, if one is served.
    pub site: Option<Arc<crate::site::Site>>,
    /// Gzipped documents by hash (a hash names its bytes forever: nothing to invalidate).
    pub gzipped: Bounded<Sha256, Bytes>,
    /// The site's files as read, per generation.
    pub files: site_files::Files,
}

impl AppState {
    /// The state of a server with `cache_bytes` of memory for its caches of encoded documents
    /// and site files.
    pub fn new(
        store: Arc<dyn Store>,
        body_limit: usize,
        site: Option<Arc<crate::site::Site>>,
        cache_bytes: usize,
    ) -> Self {
        let gzipped = Bounded::new(cache_bytes / 4);
        AppState { store, body_limit, site, gzipped, files: site_files::Files::new(cache_bytes / 4 * 3) }
    }

    /// The gzip of a document, made once while it stays hot.
    pub fn gzipped(&self, hash: &Sha256, body: &[u8]) -> Bytes {
        if let Some(gzipped) = self.gzipped.get(hash) {
            return Bytes::clone(&gzipped);
        }
        let generation = self.gzipped.generation();
        let gzipped = Bytes::from(encoding::gzip(body));
        self.gzipped.insert(hash.clone(), Arc::new(gzipped.clone()), gzipped.len(), generation);
        gzipped
    }
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "disclose",
        description = "Budget-performance reports of public units as checked, comparable, verifiable data.\n\n\
            Amounts are decimal strings in 万元 (ten thousand yuan) unless a field says otherwise; `/` marks a figure \
            the report leaves unknown. Every submission becomes an immutable revision whose `ETag` is the SHA-256 of \
            its canonical JSON (RFC 8785). Writes need a bearer token (`disclose token create`, or the admin token \
            printed on the first start).",
        license(name = "MIT OR Apache-2.0")
    ),
    servers((url = "/api/v1")),
    modifiers(&BearerAuth),
    tags(
        (name = "units", description = "The unit registry"),
        (name = "revisions", description = "Yearly snapshots, their revisions and publication"),
        (name = "analysis", description = "Comparisons, budget execution, progress to targets, audit checks"),
        (name = "tokens", description = "Bearer tokens (admins)"),
        (name = "health", description = "Liveness"),
        (name = "log", description = "The transparency log of publications: checkpoint, entries, proofs"),
    )
)]
pub struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme("bearer", SecurityScheme::Http(Http::new(HttpAuthScheme::Bearer)));
    }
}

/// `TokenScope` is read through a struct that refuses unknown members (`ScopeMembers`), which
/// utoipa does not see: each kind of scope is a closed object.
struct ClosedScope;

impl Modify for ClosedScope {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::schema::{AdditionalProperties, Schema};
        use utoipa::openapi::RefOr;
        let schemas = &mut openapi.components.get_or_insert_with(Default::default).schemas;
        if let Some(RefOr::T(Schema::OneOf(scope))) = schemas.get_mut("TokenScope") {
            for kind in &mut scope.items {
                if let RefOr::T(Schema::Object(object)) = kind {
                    object.additional_properties = Some(Box::new(AdditionalProperties::FreeForm(false)));
                }
            }
        }
    }
}

/// Every API route, once. Paths in the document are relative to its server, `/api/v1`: a scope
/// made from an actix scope adds no prefix to them.
fn routes() -> impl HttpServiceFactory + OpenApiFactory {
    utoipa_actix_web::scope(web::scope("/api/v1"))
        .wrap(actix_web::middleware::from_fn(params::query_encoding))
        // The hottest reads first: actix tries the patterns in this order (no two overlap).
        .service(revisions::latest)
        .service(revisions::one)
        .service(units::list)
        .service(units::one)
        .service(units::put)
        .service(revisions::submit)
        .service(revisions::list)
        .service(revisions::publish)
        .service(analysis::comparison)
        .service(analysis::execution)
        .service(analysis::targets)
        .service(analysis::checks)
        .service(tokens::create)
        .service(tokens::list)
        .service(tokens::revoke)
        .service(tokens::health)
        .service(log::log_state)
        .service(log::log_checkpoint)
        .service(log::log_entries)
        .service(log::inclusion_proof)
        .service(log::consistency_proof)
        .default_service(web::to(no_api_route))
}

/// The OpenAPI document: the description in [`ApiDoc`] with the paths and schemas of [`routes`].
pub fn openapi() -> utoipa::openapi::OpenApi {
    let routes = routes();
    let mut document = ApiDoc::openapi();
    document.paths.merge(routes.paths());
    let mut schemas = Vec::new();
    routes.schemas(&mut schemas);
    document.components.get_or_insert_with(Default::default).schemas.extend(schemas);
    ClosedScope.modify(&mut document);
    document
}

/// The OpenAPI document as committed in `openapi/openapi.json`.
pub fn openapi_json() -> String {
    let mut text = openapi().to_pretty_json().expect("the OpenAPI document serializes");
    text.push('\n');
    text
}

fn bad_request(message: String) -> actix_web::Error {
    Error::BadParameter(Problem::new("", message)).into()
}

/// A path segment the path structs in `params` refused: their message, without actix's prefix.
fn bad_path(error: actix_web::error::PathError) -> actix_web::Error {
    match error {
        actix_web::error::PathError::Deserialize(e) => bad_request(e.to_string()),
        other => bad_request(other.to_string()),
    }
}

/// Registers the API, the OpenAPI document and Swagger UI.
pub fn configure(state: web::Data<AppState>) -> impl FnOnce(&mut web::ServiceConfig) {
    let site_dir = state.site.as_ref().map(|s| s.public_dir());
    move |cfg| {
        cfg.app_data(state)
            .app_data(web::PathConfig::default().error_handler(|e, _| bad_path(e)))
            .app_data(web::QueryConfig::default().error_handler(|e, _| bad_request(e.to_string())))
            .service(routes())
            .service(SwaggerUi::new("/swagger-ui/{_:.*}").url("/api-docs/openapi.json", openapi()));
        // The built site at `/`, for what no route takes, read through the `public` symlink; the
        // files' own errors (412, 416) get the JSON body every error has.
        match site_dir {
            Some(public) => cfg.service(
                web::scope("")
                    .wrap(actix_web::middleware::ErrorHandlers::new().default_handler(error::as_json))
                    .default_service(web::to(move |req| site_files::file(public.clone(), req))),
            ),
            None => cfg.default_service(web::to(not_found)),
        };
    }
}

/// JSON 404 for anything that matches no route.
pub async fn not_found(req: HttpRequest) -> Result<HttpResponse, Error> {
    Err(Error::NotFound(format!("{} {}", req.method(), req.path())))
}

/// Each API path (as actix matches it) with the methods the document gives it: read once from
/// the same routes the server mounts.
fn api_methods() -> &'static [(ResourceDef, Vec<Method>)] {
    static METHODS: OnceLock<Vec<(ResourceDef, Vec<Method>)>> = OnceLock::new();
    METHODS.get_or_init(|| {
        let document = openapi();
        let paths = document.paths.paths.iter().map(|(path, item)| {
            let operations = [
                (Method::GET, &item.get),
                (Method::PUT, &item.put),
                (Method::POST, &item.post),
                (Method::DELETE, &item.delete),
                (Method::PATCH, &item.patch),
            ];
            let methods = operations.into_iter().filter(|(_, op)| op.is_some()).map(|(m, _)| m).collect();
            (ResourceDef::new(format!("/api/v1{path}")), methods)
        });
        paths.collect()
    })
}

/// An API address no route took: 405 with `Allow` when the path is a route's with another
/// method, else 404.
async fn no_api_route(req: HttpRequest) -> Result<HttpResponse, Error> {
    match api_methods().iter().find(|(resource, _)| resource.is_match(req.path())) {
        Some((_, methods)) => Ok(error::method_not_allowed(&req, methods)),
        None => not_found(req).await,
    }
}
