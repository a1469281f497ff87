import ArgumentParser
import Foundation
import TandemCore

/// The worst `matches` patterns known for backtracking engines, run by Tandem's linear-time
/// engine on 4 KiB of hostile text (the most a rule reads). The anchor is a plain substring
/// search over the same text; NSRegularExpression is shown on a short input only, since on
/// 4 KiB it would not finish.
struct PatternBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "patterns", abstract: "Worst-case scoring patterns, matched in linear time.")

    @Option(help: "Matches per pattern") var repetitions = 200

    func run() async throws {
        let text = String(repeating: "a", count: 4095) + "!"
        let patterns = [
            "^(a+)+$", "(a|a)*$", "(a*)*b", "^(a|aa)+$", "(.*a){20}", "^(\\w+\\s?)*$", "(x+x+)+y", "^(([a-z])+.)+[A-Z]([a-z])+$",
        ]
        print("patterns: each matched \(repetitions) times against 4 KiB of 'aaa…!'")
        let anchorStart = ContinuousClock.now
        for _ in 0..<repetitions { _ = text.utf8.contains(UInt8(ascii: "b")) }
        let anchor = ImportBenchmark.seconds(ContinuousClock.now - anchorStart) / Double(repetitions) * 1e6
        print("  anchor, a byte search of the same text: \(String(format: "%.1f", anchor)) µs per match")
        for source in patterns {
            let pattern = try LinearPattern(source)
            let start = ContinuousClock.now
            for _ in 0..<repetitions { _ = pattern.matches(text) }
            let micros = ImportBenchmark.seconds(ContinuousClock.now - start) / Double(repetitions) * 1e6
            print("  \(source): \(String(format: "%.0f", micros)) µs per match")
        }
        let short = String(repeating: "a", count: 24) + "!"
        let backtracking = try NSRegularExpression(pattern: "^(a+)+$")
        let start = ContinuousClock.now
        _ = backtracking.firstMatch(in: short, range: NSRange(short.startIndex..., in: short))
        let seconds = ImportBenchmark.seconds(ContinuousClock.now - start)
        print("  for comparison, NSRegularExpression ^(a+)+$ on only 25 characters: \(String(format: "%.2f", seconds)) s")
    }
}
