-- The first schema: the same records as the sled engine, one table each.
-- Records that the API returns whole are kept as their JSON (exactly what sled stores); the
-- columns beside them are what queries, keys and constraints need. Text keys compare bytewise
-- (COLLATE "C"), as sled orders them.
CREATE TABLE units (
    code TEXT COLLATE "C" PRIMARY KEY,
    record TEXT NOT NULL
);

-- The unit-year index: the latest revision, its hash and time, the latest published one.
CREATE TABLE unit_years (
    unit TEXT COLLATE "C" NOT NULL,
    year INT NOT NULL,
    latest INT NOT NULL,
    latest_hash TEXT NOT NULL,
    latest_at TEXT NOT NULL,
    latest_published INT,
    PRIMARY KEY (unit, year)
);

-- The primary key makes a revision number unique per unit-year; contiguity comes from taking
-- latest + 1 from unit_years in the same SERIALIZABLE transaction.
CREATE TABLE revisions (
    unit TEXT COLLATE "C" NOT NULL,
    year INT NOT NULL,
    number INT NOT NULL,
    hash TEXT NOT NULL,
    meta TEXT NOT NULL,
    document BYTEA NOT NULL,
    PRIMARY KEY (unit, year, number)
);

CREATE TABLE tokens (
    hash TEXT COLLATE "C" PRIMARY KEY,
    id TEXT NOT NULL,
    record TEXT NOT NULL
);
CREATE INDEX tokens_by_id ON tokens (id);

-- Bumped by every publication: other processes poll it to rebuild their sites.
CREATE TABLE publications (
    singleton BOOL PRIMARY KEY DEFAULT TRUE CHECK (singleton),
    generation BIGINT NOT NULL
);
INSERT INTO publications (singleton, generation) VALUES (TRUE, 0);
