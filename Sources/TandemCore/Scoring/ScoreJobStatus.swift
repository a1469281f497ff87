/// Where a re-scoring job stands.
public enum ScoreJobStatus: String, Sendable, Hashable, Codable, CaseIterable {
    /// Queued; no server has claimed it yet.
    case pending
    /// A server holds its lease and works through the leads in chunks.
    case running
    case done
    /// A newer model was saved before it finished; the newer job re-scores everyone.
    case superseded

    /// Still to finish.
    public var isActive: Bool { self == .pending || self == .running }
    public static let active: [ScoreJobStatus] = [.pending, .running]
}
