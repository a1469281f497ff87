import SQLKit
import TandemCore

/// Lead counts kept as leads change, so the dashboard, the list's totals and its filter options
/// read a few hundred rows instead of counting a million.
///
/// Triggers on `leads` append each change to `lead_tally_changes` (−1 for the lead as it was,
/// +1 as it is); they never update a shared row, so concurrent writers on PostgreSQL take no
/// lock on a hot counter and cannot deadlock on one. `LeadTallies.compact` folds the changes
/// into `lead_counts` (by stage, source, owner and the furthest funnel stage reached) and
/// `lead_arrivals` (by quarter-hour of creation and source: every time zone's weeks start on
/// a quarter-hour). Readers add the changes not folded yet, so a count is exact at once.
///
/// `leads.reached_rank`, the furthest funnel stage a lead ever reached, is raised by a trigger
/// on `stage_changes`, the history every stage move writes.
struct CreateLeadTallies: Migration {
    let name = "CreateLeadTallies"

    /// Creation times fall into slots of this many seconds.
    static let slotSeconds = 900

    func apply(on db: any SQLDatabase, engine: Engine) async throws {
        try await db.ddl("ALTER TABLE leads ADD COLUMN reached_rank INTEGER NOT NULL DEFAULT -1", engine: engine)
        try await db.ddl(
            """
            CREATE TABLE lead_tally_changes (
                id {id}, stage TEXT NOT NULL, source TEXT NOT NULL, owner TEXT NOT NULL, reached INTEGER NOT NULL,
                slot BIGINT NOT NULL, n INTEGER NOT NULL)
            """, engine: engine)
        try await db.ddl(
            """
            CREATE TABLE lead_counts (
                stage TEXT NOT NULL, source TEXT NOT NULL, owner TEXT NOT NULL, reached INTEGER NOT NULL, n BIGINT NOT NULL,
                PRIMARY KEY (stage, source, owner, reached))
            """, engine: engine)
        try await db.ddl(
            "CREATE TABLE lead_arrivals (slot BIGINT NOT NULL, source TEXT NOT NULL, n BIGINT NOT NULL, PRIMARY KEY (slot, source))",
            engine: engine)
        // The leads already stored, before any trigger watches: their furthest stage from
        // their history, then their counts.
        try await db.ddl(
            """
            UPDATE leads SET reached_rank = COALESCE((SELECT MAX(\(Self.rankCase("to_stage"))) FROM stage_changes \
            WHERE stage_changes.lead_id = leads.id), -1)
            """, engine: engine)
        try await db.ddl(
            """
            INSERT INTO lead_counts (stage, source, owner, reached, n) SELECT stage, COALESCE(source, ''), \
            LOWER(COALESCE(owner, '')), reached_rank, COUNT(*) FROM leads \
            GROUP BY stage, COALESCE(source, ''), LOWER(COALESCE(owner, '')), reached_rank
            """, engine: engine)
        let slot = Self.slot(of: "leads", engine)
        try await db.ddl(
            """
            INSERT INTO lead_arrivals (slot, source, n) SELECT \(slot), COALESCE(source, ''), COUNT(*) FROM leads \
            GROUP BY \(slot), COALESCE(source, '')
            """, engine: engine)

        func change(_ row: String, _ n: Int) -> String {
            """
            INSERT INTO lead_tally_changes (stage, source, owner, reached, slot, n) VALUES (\(row).stage, \
            COALESCE(\(row).source, ''), LOWER(COALESCE(\(row).owner, '')), \(row).reached_rank, \(Self.slot(of: row, engine)), \(n));
            """
        }
        let rank = Self.rankCase("NEW.to_stage")
        let reach = "UPDATE leads SET reached_rank = \(rank) WHERE id = NEW.lead_id AND reached_rank < \(rank);"
        let watched = "AFTER UPDATE OF stage, source, owner, reached_rank, created_at ON leads"
        switch engine {
        case .sqlite:
            try await db.ddl("CREATE TRIGGER leads_tally_insert AFTER INSERT ON leads BEGIN \(change("NEW", 1)) END", engine: engine)
            try await db.ddl("CREATE TRIGGER leads_tally_delete AFTER DELETE ON leads BEGIN \(change("OLD", -1)) END", engine: engine)
            try await db.ddl(
                "CREATE TRIGGER leads_tally_update \(watched) WHEN \(Self.tallyChanged) BEGIN \(change("OLD", -1)) \(change("NEW", 1)) END",
                engine: engine)
            try await db.ddl("CREATE TRIGGER stage_changes_reach AFTER INSERT ON stage_changes BEGIN \(reach) END", engine: engine)
        case .postgres:
            try await db.postgresTriggerFunction(
                "tandem_lead_tally",
                "IF TG_OP <> 'INSERT' THEN \(change("OLD", -1)) END IF; IF TG_OP <> 'DELETE' THEN \(change("NEW", 1)) END IF;")
            try await db.ddl(
                "CREATE TRIGGER leads_tally AFTER INSERT OR DELETE ON leads FOR EACH ROW EXECUTE FUNCTION tandem_lead_tally()",
                engine: engine)
            try await db.ddl(
                "CREATE TRIGGER leads_tally_update \(watched) FOR EACH ROW WHEN (\(Self.tallyChanged)) EXECUTE FUNCTION tandem_lead_tally()",
                engine: engine)
            try await db.postgresTriggerFunction("tandem_stage_reach", reach)
            try await db.ddl(
                "CREATE TRIGGER stage_changes_reach AFTER INSERT ON stage_changes FOR EACH ROW EXECUTE FUNCTION tandem_stage_reach()",
                engine: engine)
        }
    }

    /// A row's quarter-hour of creation, as SQL (`row` is `NEW`, `OLD` or a table).
    static func slot(of row: String, _ engine: Engine) -> String {
        switch engine {
        case .sqlite: "CAST(\(row).created_at / \(slotSeconds) AS INTEGER)"
        case .postgres: "FLOOR(\(row).created_at / \(slotSeconds))::BIGINT"
        }
    }

    /// True when an update moves the lead between tallies (most updates, such as a new
    /// `updated_at`, do not).
    static let tallyChanged = """
        OLD.stage <> NEW.stage OR COALESCE(OLD.source, '') <> COALESCE(NEW.source, '') \
        OR LOWER(COALESCE(OLD.owner, '')) <> LOWER(COALESCE(NEW.owner, '')) OR OLD.reached_rank <> NEW.reached_rank \
        OR OLD.created_at <> NEW.created_at
        """

    /// A stage's funnel rank, as SQL; stages off the funnel (recycled, disqualified) rank -1.
    /// Written from the funnel as it is now; a later change to the funnel needs a migration
    /// that replaces the triggers.
    static func rankCase(_ column: String) -> String {
        let cases = LifecycleStage.funnel.map { "WHEN '\($0.rawValue)' THEN \($0.funnelRank ?? -1)" }.joined(separator: " ")
        return "(CASE \(column) \(cases) ELSE -1 END)"
    }
}

/// An index for the search box, which matches each word anywhere in a lead's email, names and
/// company: a trigram index, the kind that answers "contains" without reading every lead.
/// SQLite keeps an FTS5 table with the trigram tokenizer in step with `leads` by triggers;
/// PostgreSQL indexes the same four columns, joined by spaces (a word has none, so it matches
/// within one column), with `pg_trgm`.
struct CreateLeadSearchIndex: Migration {
    let name = "CreateLeadSearchIndex"

    static let columns = ["email_normalized", "first_name", "last_name", "company"]

    /// The text PostgreSQL's index holds and its searches read.
    static let postgresText =
        "LOWER(" + columns.map { "COALESCE(\($0), '')" }.joined(separator: " || ' ' || ") + ")"

    func apply(on db: any SQLDatabase, engine: Engine) async throws {
        switch engine {
        case .sqlite:
            let columns = Self.columns.joined(separator: ", ")
            let new = Self.columns.map { "NEW.\($0)" }.joined(separator: ", ")
            let old = Self.columns.map { "OLD.\($0)" }.joined(separator: ", ")
            try await db.ddl(
                """
                CREATE VIRTUAL TABLE lead_search USING fts5(\(columns), content='leads', content_rowid='id', \
                tokenize='trigram')
                """, engine: engine)
            try await db.ddl(
                "CREATE TRIGGER lead_search_insert AFTER INSERT ON leads BEGIN INSERT INTO lead_search (rowid, \(columns)) VALUES (NEW.id, \(new)); END",
                engine: engine)
            try await db.ddl(
                """
                CREATE TRIGGER lead_search_delete AFTER DELETE ON leads BEGIN \
                INSERT INTO lead_search (lead_search, rowid, \(columns)) VALUES ('delete', OLD.id, \(old)); END
                """, engine: engine)
            try await db.ddl(
                """
                CREATE TRIGGER lead_search_update AFTER UPDATE OF \(columns) ON leads BEGIN \
                INSERT INTO lead_search (lead_search, rowid, \(columns)) VALUES ('delete', OLD.id, \(old)); \
                INSERT INTO lead_search (rowid, \(columns)) VALUES (NEW.id, \(new)); END
                """, engine: engine)
            try await db.ddl("INSERT INTO lead_search (lead_search) VALUES ('rebuild')", engine: engine)
        case .postgres:
            try await db.ddl("CREATE EXTENSION IF NOT EXISTS pg_trgm", engine: engine)
            try await db.ddl("CREATE INDEX leads_search ON leads USING GIN ((\(Self.postgresText)) gin_trgm_ops)", engine: engine)
        }
    }
}

/// Every sort of the leads list walks an index in its own order and stops after a page (and
/// each sort on the leads' own columns has one per filter, led by the filtered column: a filter
/// correlated with the sort, such as a stage no surname before F holds, would otherwise make
/// the walk read far past the page), and
/// every lead has a `lead_scores` row, so the score sorts join it as an inner join that starts
/// from the scores' index. A lead inserted without a score (a bulk load) gets a row queued for
/// a replay, which `ScoreReplayQueue` fills; every other write scores the lead in its own
/// transaction and overwrites that row.
struct CreateLeadListIndexes: Migration {
    let name = "CreateLeadListIndexes"

    func apply(on db: any SQLDatabase, engine: Engine) async throws {
        for statement in [
            "DROP INDEX leads_updated_at",
            "CREATE INDEX leads_updated_at ON leads (updated_at, id)",
            "CREATE INDEX leads_created_at ON leads (created_at, id)",
            "CREATE INDEX leads_name ON leads (last_name, first_name, id)",
            "CREATE INDEX leads_company ON leads (company, id)",
            "CREATE INDEX leads_stage_updated ON leads (stage, updated_at, id)",
            "CREATE INDEX leads_owner_updated ON leads (LOWER(owner), updated_at, id)",
            "CREATE INDEX leads_source_updated ON leads (source, updated_at, id)",
            "CREATE INDEX leads_stage_created ON leads (stage, created_at, id)",
            "CREATE INDEX leads_stage_name ON leads (stage, last_name, first_name, id)",
            "CREATE INDEX leads_stage_company ON leads (stage, company, id)",
            "CREATE INDEX leads_owner_created ON leads (LOWER(owner), created_at, id)",
            "CREATE INDEX leads_owner_name ON leads (LOWER(owner), last_name, first_name, id)",
            "CREATE INDEX leads_owner_company ON leads (LOWER(owner), company, id)",
            "CREATE INDEX leads_source_created ON leads (source, created_at, id)",
            "CREATE INDEX leads_source_name ON leads (source, last_name, first_name, id)",
            "CREATE INDEX leads_source_company ON leads (source, company, id)",
            "DROP INDEX lead_scores_grade",
            "DROP INDEX lead_scores_engagement",
            "DROP INDEX lead_scores_fit",
            "DROP INDEX lead_scores_last_event",
            "CREATE INDEX lead_scores_grade ON lead_scores (fit_band, engagement_rank DESC, lead_id DESC)",
            "CREATE INDEX lead_scores_engagement ON lead_scores (engagement_rank, lead_id)",
            "CREATE INDEX lead_scores_fit ON lead_scores (fit, lead_id)",
            // Newest first with the never-active last: SQLite sorts NULL lowest, PostgreSQL highest.
            engine == .sqlite
                ? "CREATE INDEX lead_scores_last_event ON lead_scores (last_event_at, lead_id)"
                : "CREATE INDEX lead_scores_last_event ON lead_scores (last_event_at DESC NULLS LAST, lead_id DESC)",
        ] {
            try await db.ddl(statement, engine: engine)
        }
        let queued = "INSERT INTO lead_scores (lead_id, model_version, fit, engagement, state, updated_at, replay_queued)"
        try await db.ddl(
            "\(queued) SELECT id, -1, 0, 0, '{}', updated_at, TRUE FROM leads WHERE NOT EXISTS "
                + "(SELECT 1 FROM lead_scores WHERE lead_scores.lead_id = leads.id)", engine: engine)
        switch engine {
        case .sqlite:
            try await db.ddl(
                "CREATE TRIGGER leads_kept_score AFTER INSERT ON leads BEGIN \(queued) VALUES (NEW.id, -1, 0, 0, '{}', NEW.created_at, TRUE); END",
                engine: engine)
        case .postgres:
            try await db.postgresTriggerFunction(
                "tandem_lead_kept_score", "\(queued) VALUES (NEW.id, -1, 0, 0, '{}', NEW.created_at, TRUE);")
            try await db.ddl(
                "CREATE TRIGGER leads_kept_score AFTER INSERT ON leads FOR EACH ROW EXECUTE FUNCTION tandem_lead_kept_score()",
                engine: engine)
        }
    }
}

extension SQLDatabase {
    /// A PostgreSQL function for an AFTER trigger that runs `body` (statements ending in `;`).
    fileprivate func postgresTriggerFunction(_ name: String, _ body: String) async throws {
        try await ddl(
            "CREATE FUNCTION \(name)() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN \(body) RETURN NULL; END $$", engine: .postgres)
    }
}
