-- The transparency log: its entries by index, exactly as written, and its signing key. An entry
-- is only written inside the transaction that publishes its revision, at index max + 1: racing
-- publications conflict on it and one retries.
CREATE TABLE log_entries (
    idx BIGINT PRIMARY KEY,
    entry BYTEA NOT NULL
);

CREATE TABLE log_key (
    singleton BOOL PRIMARY KEY DEFAULT TRUE CHECK (singleton),
    skey TEXT NOT NULL
);
