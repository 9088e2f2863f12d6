//! The integration tests, one binary (compiled and linked once) with shared helpers in `common`:
//! HTTP tests against the real app on a random port, sled in temporary folders, the real binary,
//! real site files, and headless Chromium.

mod analysis;
mod analysis_api;
mod api;
mod api_refusals;
mod api_spellings;
mod backup;
mod browser;
mod checks_claims;
mod checks_document;
mod checks_funds;
mod checks_metrics;
mod checks_people;
mod checks_refusals;
mod checks_scoring;
mod cli;
mod common;
mod compat;
mod contract;
mod corpus;
mod crash;
mod examples;
mod hostile;
mod multiprocess;
mod observability;
mod pagination;
mod properties;
mod self_evaluation;
mod serving;
mod site;
mod site_publication;
mod site_switch;
mod starvation;
mod store;
mod store_copy;
mod store_engines;
mod tokens;
mod transparency;
mod validate_schema2;
