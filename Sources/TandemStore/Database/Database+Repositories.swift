import TandemCore

/// The repositories and workflows a database offers, so that callers name what they use
/// (`database.leads`) instead of building each one from the database by hand. Each is a value
/// that holds only the database: asking for one is free.
extension Database {
    public var accounts: AccountStore { AccountStore(database: self) }
    public var activityReports: ActivityReports { ActivityReports(database: self) }
    public var apiKeys: APIKeyStore { APIKeyStore(database: self) }
    public var auditTrail: AuditTrail { AuditTrail(database: self) }
    public var bulkLoader: BulkLoader { BulkLoader(database: self) }
    public var events: EventStore { EventStore(database: self) }
    public var handOffs: HandOffStore { HandOffStore(database: self) }
    public var handOffSettings: HandOffSettingsStore { HandOffSettingsStore(database: self) }
    public var interviews: InterviewStore { InterviewStore(database: self) }
    public var leadImporter: LeadImporter { LeadImporter(database: self) }
    public var leads: LeadStore { LeadStore(database: self) }
    public var leadScores: LeadScoreStore { LeadScoreStore(database: self) }
    public var leadTallies: LeadTallies { LeadTallies(database: self) }
    public var notifications: NotificationStore { NotificationStore(database: self) }
    public var outbox: OutboxReader { OutboxReader(database: self) }
    public var scoreJobs: ScoreJobStore { ScoreJobStore(database: self) }
    public var scoreReplays: ScoreReplayQueue { ScoreReplayQueue(database: self) }
    public var salesActivities: SalesActivityStore { SalesActivityStore(database: self) }
    public var savedViews: SavedViewStore { SavedViewStore(database: self) }
    public var scoringModels: ScoringModelStore { ScoringModelStore(database: self) }
    public var scoringPreviews: ScoringPreviewer { ScoringPreviewer(database: self) }
    public var settings: SettingStore { SettingStore(database: self) }
    public var signInFailures: SignInFailureStore { SignInFailureStore(database: self) }
    public var slaMonitor: SLAMonitor { SLAMonitor(database: self) }
    public var trustedDevices: TrustedDeviceStore { TrustedDeviceStore(database: self) }
    public var users: UserStore { UserStore(database: self) }
    public var webhooks: WebhookStore { WebhookStore(database: self) }
}
