//! Token management for admins, and the health check.

use actix_web::{delete, get, post, web, HttpRequest, HttpResponse};
use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::auth::Caller;
use super::error::ErrorBody;
use super::{body, AppState};
use crate::clock::{self, Timestamp};
use crate::domain::validate::{check_name, Problem};
use crate::domain::Pointer;
use crate::error::{Error, Result};
use crate::service::parse_json;
use crate::store::{TokenRecord, TokenScope, TOKEN_ID_LEN};
use crate::tokens;

#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TokenRequest {
    pub scope: TokenScope,
    /// Who or what the token is for.
    #[serde(default)]
    #[schema(value_type = Option<crate::domain::texts::Name>)]
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

/// A token as admins see it: never its secret nor its hash, only an id made of the hash's
/// first 12 hex digits.
#[derive(Debug, Serialize, ToSchema)]
pub struct TokenSummary {
    #[schema(example = "3f2a9c0b17de", pattern = "^[0-9a-f]{12}$")]
    pub id: String,
    pub scope: TokenScope,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    pub created_at: Timestamp,
    /// When the token was last accepted (recorded at most once a minute); absent if never.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_used_at: Option<Timestamp>,
}

impl From<TokenRecord> for TokenSummary {
    fn from(record: TokenRecord) -> Self {
        TokenSummary {
            id: record.id().to_string(),
            scope: record.scope,
            label: record.label,
            created_at: record.created_at,
            last_used_at: record.last_used_at,
        }
    }
}

/// List the tokens (admins only), oldest first.
#[utoipa::path(
    operation_id = "list_tokens",
    tag = "tokens",
    responses(
        (status = 200, description = "Every token, without secrets or hashes", body = Vec<TokenSummary>),
        (status = 401, description = "No or unknown token", body = ErrorBody),
        (status = 403, description = "Not an admin token", body = ErrorBody),
        (status = 500, description = "The store failed", body = ErrorBody),
    ),
    security(("bearer" = []))
)]
#[get("/tokens")]
pub async fn list(caller: Caller, state: web::Data<AppState>) -> Result<HttpResponse> {
    caller.must_be_admin()?;
    let mut tokens: Vec<TokenSummary> = state.store.tokens().await?.into_iter().map(TokenSummary::from).collect();
    tokens.sort_by(|a, b| (a.created_at, &a.id).cmp(&(b.created_at, &b.id)));
    Ok(HttpResponse::Ok().json(tokens))
}

/// `/tokens/{id}`
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct TokenIdPath {
    /// Token id, as listed
    #[param(example = "3f2a9c0b17de", pattern = "^[0-9a-f]{12}$")]
    #[serde(deserialize_with = "token_id")]
    pub id: String,
}

/// The id of a token: its hash's first 12 lowercase hex digits.
pub fn parse_id(text: &str) -> std::result::Result<&str, String> {
    let hex = text.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
    if text.len() == TOKEN_ID_LEN && hex {
        Ok(text)
    } else {
        Err(format!("must be a token id: {TOKEN_ID_LEN} lowercase hexadecimal digits, as `token list` shows"))
    }
}

fn token_id<'de, D: Deserializer<'de>>(deserializer: D) -> std::result::Result<String, D::Error> {
    let text = String::deserialize(deserializer)?;
    parse_id(&text).map_err(|m| D::Error::custom(format!("path parameter `id` {m}")))?;
    Ok(text)
}

/// Revoke a token (admins only): it is refused at once.
#[utoipa::path(
    tag = "tokens",
    params(TokenIdPath),
    responses(
        (status = 204, description = "Revoked"),
        (status = 400, description = "Not a token id", body = ErrorBody),
        (status = 401, description = "No or unknown token", body = ErrorBody),
        (status = 403, description = "Not an admin token", body = ErrorBody),
        (status = 404, description = "No token has this id", body = ErrorBody),
        (status = 500, description = "The store failed", body = ErrorBody),
    ),
    security(("bearer" = []))
)]
#[delete("/tokens/{id}")]
pub async fn revoke(caller: Caller, path: web::Path<TokenIdPath>, state: web::Data<AppState>) -> Result<HttpResponse> {
    caller.must_be_admin()?;
    let id = path.into_inner().id;
    if state.store.revoke_token(&id).await?.is_empty() {
        return Err(Error::NotFound(format!("token {id}")));
    }
    Ok(HttpResponse::NoContent().finish())
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
