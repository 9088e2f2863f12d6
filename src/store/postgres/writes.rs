//! The writing transactions of the PostgreSQL engine. Each runs inside a SERIALIZABLE transaction
//! that the store runs again from the start after a lost race, so each only reads and writes
//! through `tx`.

use tokio_postgres::Transaction;

use super::{decode, encode, int, log, Failure};
use crate::clock::Timestamp;
use crate::domain::UnitCode;
use crate::integrity::Sha256;
use crate::store::{Contents, NewRevision, Revision, RevisionMeta, StoreError, UnitRecord};

/// The unit-year index row, as read in a transaction.
struct Head {
    latest: u32,
    latest_hash: Sha256,
    latest_at: Timestamp,
    latest_published: Option<u32>,
}

async fn head(tx: &Transaction<'_>, unit: &str, year: i32) -> Result<Option<Head>, Failure> {
    let sql = "SELECT latest, latest_hash, latest_at, latest_published FROM unit_years \
               WHERE unit = $1 AND year = $2 FOR UPDATE";
    let Some(row) = tx.query_opt(sql, &[&unit, &year]).await? else { return Ok(None) };
    let corrupt = |what| move |e: String| StoreError::Corrupt { what, source: e.into() };
    let number = |n: i32| u32::try_from(n).map_err(|e| corrupt("revision number")(e.to_string()));
    Ok(Some(Head {
        latest: number(row.get(0))?,
        latest_hash: Sha256::parse(row.get(1)).map_err(|e| corrupt("hash")(e.to_string()))?,
        latest_at: Timestamp::parse(row.get(2)).map_err(corrupt("time"))?,
        latest_published: row.get::<_, Option<i32>>(3).map(number).transpose()?,
    }))
}

async fn bump_publications(tx: &Transaction<'_>) -> Result<(), Failure> {
    tx.execute("UPDATE publications SET generation = generation + 1", &[]).await?;
    Ok(())
}

pub async fn insert_revision(tx: &Transaction<'_>, meta: &RevisionMeta, document: &str) -> Result<(), Failure> {
    let sql = "INSERT INTO revisions (unit, year, number, hash, meta, document) VALUES ($1, $2, $3, $4, $5, $6)";
    let (unit, year, number) = (meta.unit.as_str(), int(meta.year), int(meta.number));
    tx.execute(sql, &[&unit, &year, &number, &meta.hash.as_str(), &encode(meta), &document.as_bytes()]).await?;
    Ok(())
}

pub async fn append(tx: &Transaction<'_>, new: &NewRevision) -> Result<RevisionMeta, Failure> {
    let (unit, year) = (new.code.as_str(), int(new.year));
    let head = head(tx, unit, year).await?;
    let current = head.as_ref().map(|h| h.latest_hash.clone());
    if !new.may_follow(current.as_ref()) {
        return Err(StoreError::Stale { current }.into());
    }
    let number = head.as_ref().map_or(1, |h| h.latest + 1);
    // Never before the previous revision, whatever another machine's clock says.
    let now = head.as_ref().map_or_else(crate::clock::now, |h| crate::clock::now().max(h.latest_at));
    let meta = new.meta(number, current, now);
    insert_revision(tx, &meta, &new.document).await?;
    let published = new.publish.then_some(int(number));
    let sql = "INSERT INTO unit_years (unit, year, latest, latest_hash, latest_at, latest_published) \
               VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (unit, year) DO UPDATE SET latest = EXCLUDED.latest, \
               latest_hash = EXCLUDED.latest_hash, latest_at = EXCLUDED.latest_at, \
               latest_published = COALESCE(EXCLUDED.latest_published, unit_years.latest_published)";
    let (at, hash) = (now.to_string(), new.hash.as_str());
    tx.execute(sql, &[&unit, &year, &int(number), &hash, &at, &published]).await?;
    // The first revision of an unknown unit registers it.
    let record = encode(&UnitRecord { unit: new.unit.clone(), created_at: now, updated_at: now });
    let sql = "INSERT INTO units (code, record) VALUES ($1, $2) ON CONFLICT (code) DO NOTHING";
    tx.execute(sql, &[&unit, &record]).await?;
    if new.publish {
        log::publication(tx, &meta, head.and_then(|h| h.latest_published)).await?;
        bump_publications(tx).await?;
    }
    Ok(meta)
}

pub async fn publish(
    tx: &Transaction<'_>,
    unit: &UnitCode,
    year: u16,
    number: u32,
    now: Timestamp,
) -> Result<RevisionMeta, Failure> {
    let (code, year_int, number_int) = (unit.as_str(), int(year), int(number));
    let sql = "SELECT meta FROM revisions WHERE unit = $1 AND year = $2 AND number = $3 FOR UPDATE";
    let Some(row) = tx.query_opt(sql, &[&code, &year_int, &number_int]).await? else {
        return Err(StoreError::NotFound(format!("revision {number} of {unit} {year}")).into());
    };
    let mut meta: RevisionMeta = decode(row.get(0))?;
    if meta.published_at.is_some() {
        return Ok(meta);
    }
    meta.published_at = Some(now);
    let sql = "UPDATE revisions SET meta = $4 WHERE unit = $1 AND year = $2 AND number = $3";
    tx.execute(sql, &[&code, &year_int, &number_int, &encode(&meta)]).await?;
    let Some(head) = head(tx, code, year_int).await? else {
        return Err(StoreError::Inconsistent(format!("index entry missing for {unit} {year}")).into());
    };
    let sql = "UPDATE unit_years SET latest_published = GREATEST(COALESCE(latest_published, 0), $3) \
               WHERE unit = $1 AND year = $2";
    tx.execute(sql, &[&code, &year_int, &number_int]).await?;
    log::publication(tx, &meta, head.latest_published).await?;
    bump_publications(tx).await?;
    Ok(meta)
}

pub async fn restore(tx: &Transaction<'_>, contents: &Contents) -> Result<(), Failure> {
    let sql =
        "SELECT EXISTS (SELECT 1 FROM units) OR EXISTS (SELECT 1 FROM revisions) OR EXISTS (SELECT 1 FROM tokens)";
    if tx.query_one(sql, &[]).await?.get::<_, bool>(0) {
        return Err(StoreError::Inconsistent("a restore needs an empty store".into()).into());
    }
    for record in &contents.units {
        let sql = "INSERT INTO units (code, record) VALUES ($1, $2)";
        tx.execute(sql, &[&record.unit.code.as_str(), &encode(record)]).await?;
    }
    for Revision { meta, document } in &contents.revisions {
        insert_revision(tx, meta, document).await?;
    }
    // The index follows from the revisions: per unit-year the last one and the last published.
    let mut heads = std::collections::BTreeMap::new();
    for Revision { meta, .. } in &contents.revisions {
        let head = heads.entry((meta.unit.as_str(), meta.year)).or_insert((meta, None));
        if meta.number >= head.0.number {
            head.0 = meta;
        }
        if meta.is_published() {
            head.1 = head.1.max(Some(int(meta.number)));
        }
    }
    for ((unit, year), (latest, published)) in heads {
        let sql = "INSERT INTO unit_years (unit, year, latest, latest_hash, latest_at, latest_published) \
                   VALUES ($1, $2, $3, $4, $5, $6)";
        let (hash, at) = (latest.hash.as_str(), latest.created_at.to_string());
        tx.execute(sql, &[&unit, &int(year), &int(latest.number), &hash, &at, &published]).await?;
    }
    for token in &contents.tokens {
        let sql = "INSERT INTO tokens (hash, id, record) VALUES ($1, $2, $3)";
        tx.execute(sql, &[&token.hash.as_str(), &token.id(), &encode(token)]).await?;
    }
    log::restore(tx, &contents.log, contents.log_key.as_deref()).await
}
