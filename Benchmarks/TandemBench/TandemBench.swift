import ArgumentParser
import Foundation

/// `tandem-bench`: measures Tandem against its anchors, in release builds.
@main
struct TandemBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tandem-bench",
        abstract: "Tandem's benchmarks; each prints its anchor measured in the same run.",
        subcommands: [
            IngestBenchmark.self, ImportBenchmark.self, PagesBenchmark.self, HandOffBenchmark.self, RescoreBenchmark.self,
            HistoryBenchmark.self, PatternBenchmark.self, JSONBenchmark.self, ScaleBenchmark.self,
        ])
}

/// Runs the release `tandem` binary next to this one.
struct TandemProcess {
    let process: Process
    let port: Int

    static var binary: String {
        let own = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        return own.deletingLastPathComponent().appendingPathComponent("tandem").path
    }

    /// Runs `tandem ARGS` to completion and returns its standard output.
    @discardableResult
    static func run(_ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw BenchError("tandem \(arguments.joined(separator: " ")) exited \(process.terminationStatus)")
        }
        return String(decoding: data, as: UTF8.self)
    }

    /// Starts `tandem serve` on a free port and waits until it listens.
    static func serve(database: String) throws -> TandemProcess {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["serve", "--port", "0", "--database", database]
        process.environment = ProcessInfo.processInfo.environment.merging(
            ["TANDEM_LOG_LEVEL": "warning", "TANDEM_TRACKING_RATE": "0"], uniquingKeysWith: { $1 })
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        var text = ""
        while !text.contains("\n") {
            let data = output.fileHandleForReading.availableData
            if data.isEmpty { throw BenchError("the server exited before listening") }
            text += String(decoding: data, as: UTF8.self)
        }
        guard let port = text.split(separator: ":").last.flatMap({ Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }) else {
            throw BenchError("cannot read the port from '\(text)'")
        }
        return TandemProcess(process: process, port: port)
    }

    /// Peak resident memory of the server so far, from /proc.
    var peakResidentMegabytes: Double {
        let status = (try? String(contentsOfFile: "/proc/\(process.processIdentifier)/status", encoding: .utf8)) ?? ""
        for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            let kilobytes = line.split(separator: " ").compactMap { Double($0) }.first ?? 0
            return kilobytes / 1024
        }
        return 0
    }

    func stop() {
        process.terminate()
        process.waitUntilExit()
    }
}

struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

func temporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("tandem-bench-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

func format(_ value: Double) -> String { String(format: "%.0f", value) }
