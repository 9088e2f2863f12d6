//! Token management for admins, and the health check.

use actix_web::{get, post, web, HttpRequest, HttpResponse};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::auth::Caller;
use super::error::ErrorBody;
use super::{body, AppState};
use crate::clock::{self, Timestamp};
use crate::domain::validate::{check_name, Problem};
use crate::domain::Pointer;
use crate::error::{Error, Result};
use crate::service::parse_json;
use crate::store::TokenScope;
use crate::tokens;

#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TokenRequest {
    pub scope: TokenScope,
    /// Who or what the token is for.
    #[serde(default)]
    pub label: Option<String>,
}

/// A new token. The secret is shown here once and never again.
#[derive(Debug, Serialize, ToSchema)]
pub struct IssuedTokenBody {
    #[schema(example = "dsc_3f2a...")]
    pub token: String,
    pub scope: TokenScope,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    pub created_at: Timestamp,
}

/// Create a token (admins only).
#[utoipa::path(
    tag = "tokens",
    request_body(content = TokenRequest, content_type = "application/json"),
    responses(
        (status = 201, description = "The new token, shown once", body = IssuedTokenBody),
        (status = 400, description = "Malformed JSON", body = ErrorBody),
        (status = 401, description = "No or unknown token", body = ErrorBody),
        (status = 403, description = "Not an admin token", body = ErrorBody),
        (status = 413, description = "Body over the limit", body = ErrorBody),
        (status = 415, description = "Body is not JSON", body = ErrorBody),
        (status = 422, description = "Invalid scope or label", body = ErrorBody),
        (status = 500, description = "The store failed", body = ErrorBody),
    ),
    security(("bearer" = []))
)]
#[post("/tokens")]
pub async fn create(
    req: HttpRequest,
    caller: Caller,
    payload: web::Payload,
    state: web::Data<AppState>,
) -> Result<HttpResponse> {
    caller.must_be_admin()?;
    let body = body::read_json(&req, payload, state.body_limit).await?;
    let request: TokenRequest = parse_json(&body)?;
    tokens::check_scope(&request.scope).map_err(|problems| {
        let scope = Pointer::root() / "scope";
        Error::Invalid(problems.into_iter().map(|p| Problem::new(scope.join(&p.pointer), p.message)).collect())
    })?;
    let label = match request.label {
        Some(label) => {
            Some(check_name(&label).map(|_| label).map_err(|m| Error::Invalid(vec![Problem::new("/label", m)]))?)
        }
        None => None,
    };
    let issued = tokens::issue(request.scope, label, clock::now());
    state.store.add_token(issued.record.clone()).await?;
    Ok(HttpResponse::Created().json(IssuedTokenBody {
        token: issued.secret,
        scope: issued.record.scope,
        label: issued.record.label,
        created_at: issued.record.created_at,
    }))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Health {
    #[schema(example = "ok")]
    pub status: &'static str,
}

/// Liveness and storage check.
#[utoipa::path(
    tag = "health",
    responses(
        (status = 200, description = "Serving, and the store answers", body = Health),
        (status = 500, description = "The store does not answer", body = ErrorBody),
    )
)]
#[get("/healthz")]
pub async fn health(state: web::Data<AppState>) -> Result<HttpResponse> {
    state.store.has_tokens().await?;
    Ok(HttpResponse::Ok().json(Health { status: "ok" }))
}
