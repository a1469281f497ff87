import ArgumentParser
import Foundation

/// Filled in below.
struct ImportBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "import", abstract: "CSV import of leads at growing database sizes.")
    func run() async throws {}
}
