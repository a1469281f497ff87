/// Lengths of time in seconds, the unit every stored time and duration in Tandem uses (times
/// are seconds since 1970 as `Double`).
public enum TimeSpan {
    public static let minute: Double = 60
    public static let hour: Double = 3600
    public static let day: Double = 86_400
    public static let week: Double = 7 * day

    public static func hours(_ count: Double) -> Double { count * hour }
    public static func days(_ count: Double) -> Double { count * day }
}
