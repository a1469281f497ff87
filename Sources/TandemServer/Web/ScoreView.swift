import Foundation
import TandemCore
import TandemStore

/// How scores and SLA clocks read on pages: points, whole numbers, time left.
enum ScoreView {
    static func points(_ value: Double) -> String {
        let rounded = (value * 10).rounded() / 10
        let text = rounded == rounded.rounded() ? String(rounded.clampedInt) : String(format: "%.1f", rounded)
        return value > 0 ? "+" + text : text
    }

    /// A lead's fit or engagement in whole points, rounded down: a score reads as at least a
    /// threshold exactly when it meets it, so an engagement of 49.6 reads "49" beside its grade
    /// 3 (grade 2 from 50), never "50".
    static func score(_ value: Double) -> String {
        value.isFinite ? String(value.rounded(.down).clampedInt) : "0"
    }

    static func number(_ value: Double) -> String {
        String(value.rounded().clampedInt)
    }

    /// "3 h 20 min left", "overdue by 2 h".
    static func timeLeft(_ seconds: Double?) -> String {
        guard let seconds else { return "no SLA: waiting for a rep" }
        let magnitude = abs(seconds)
        let hours = (magnitude / TimeSpan.hour).clampedInt
        let minutes = (magnitude.truncatingRemainder(dividingBy: TimeSpan.hour) / TimeSpan.minute).clampedInt
        let text = hours >= 48 ? "\(hours / 24) days" : hours > 0 ? "\(hours) h \(minutes) min" : "\(minutes) min"
        return seconds >= 0 ? "\(text) left" : "overdue by \(text)"
    }
}
