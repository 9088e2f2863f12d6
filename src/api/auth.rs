//! Bearer-token authentication: the `Caller` extractor resolves the token's scope.

use std::future::Future;
use std::pin::Pin;

use actix_web::http::header;
use actix_web::{web, FromRequest, HttpRequest};

use super::AppState;
use crate::clock;
use crate::domain::UnitCode;
use crate::error::{Error, Result};
use crate::store::TokenScope;
use crate::tokens::hash_secret;

/// The authenticated caller of a write endpoint.
#[derive(Debug)]
pub struct Caller {
    pub scope: TokenScope,
}

impl Caller {
    /// 403 unless the token may write this unit.
    pub fn may_write(&self, unit: &UnitCode) -> Result<()> {
        if self.scope.allows_unit(unit) {
            Ok(())
        } else {
            Err(Error::Forbidden(format!("this token may not write unit {unit:?}")))
        }
    }

    pub fn must_be_admin(&self) -> Result<()> {
        match self.scope {
            TokenScope::Admin {} => Ok(()),
            _ => Err(Error::Forbidden("this needs an admin token".into())),
        }
    }
}

fn bearer(req: &HttpRequest) -> Result<String> {
    let value = req
        .headers()
        .get(header::AUTHORIZATION)
        .ok_or_else(|| Error::Unauthorized("this needs a bearer token (Authorization: Bearer <token>)".into()))?;
    let value = value.to_str().map_err(|_| Error::Unauthorized("the Authorization header is not text".into()))?;
    match value.split_once(' ') {
        Some((scheme, token)) if scheme.eq_ignore_ascii_case("bearer") && !token.trim().is_empty() => {
            Ok(token.trim().to_string())
        }
        _ => Err(Error::Unauthorized("the Authorization header must be `Bearer <token>`".into())),
    }
}

impl FromRequest for Caller {
    type Error = Error;
    type Future = Pin<Box<dyn Future<Output = Result<Self>>>>;

    fn from_request(req: &HttpRequest, _: &mut actix_web::dev::Payload) -> Self::Future {
        let token = bearer(req);
        let state = req.app_data::<web::Data<AppState>>().cloned();
        Box::pin(async move {
            let token = token?;
            let state = state.expect("AppState is registered");
            let hash = hash_secret(&token);
            let record = state.store.token(&hash).await?.ok_or_else(|| Error::Unauthorized("unknown token".into()))?;
            let now = clock::now();
            // A last use that cannot be recorded does not refuse a valid token.
            if record.use_is_news(now) {
                if let Err(error) = state.store.touch_token(&hash, now).await {
                    let id = super::trace::log_id();
                    tracing::warn!(id, token = record.id(), error = %error, "cannot record the token's last use");
                }
            }
            Ok(Caller { scope: record.scope })
        })
    }
}
