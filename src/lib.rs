//! `disclose`: turns government budget-performance reports into data that can be checked,
//! compared and verified.

pub mod analysis;
pub mod api;
pub mod backup;
pub mod bounded;
pub mod clock;
pub mod domain;
pub mod error;
pub mod examples;
pub mod integrity;
pub mod ledger;
pub mod log_commands;
mod newtype;
pub mod service;
pub mod site;
pub mod startup;
pub mod store;
pub mod store_commands;
pub mod tokens;
pub mod transparency;
