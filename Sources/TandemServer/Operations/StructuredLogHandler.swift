import Foundation
import Logging

/// One line per log record, as `logfmt` (`time=… level=info msg="…" key=value`) or JSON, on
/// standard error: structured so log shippers can index it, readable in a terminal.
public struct StructuredLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level
    let label: String
    let json: Bool

    public init(label: String, level: Logger.Level, json: Bool) {
        self.label = label
        self.logLevel = level
        self.json = json
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var fields: [(String, String)] = [
            ("time", Date().formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))),
            ("level", event.level.rawValue), ("logger", label), ("msg", event.message.description),
        ]
        for (key, value) in metadata.merging(event.metadata ?? [:], uniquingKeysWith: { $1 }).sorted(by: { $0.key < $1.key }) {
            fields.append((key, "\(value)"))
        }
        let line: String
        if json {
            line = "{" + fields.map { "\(Self.quoted($0.0)):\(Self.quoted($0.1))" }.joined(separator: ",") + "}"
        } else {
            line = fields.map { key, value in
                value.contains(where: { $0 == " " || $0 == "\"" || $0 == "=" }) || value.isEmpty
                    ? "\(key)=\(Self.quoted(value))" : "\(key)=\(value)"
            }.joined(separator: " ")
        }
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    private static func quoted(_ text: String) -> String {
        var output = "\""
        for character in text {
            switch character {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            default: output.append(character)
            }
        }
        return output + "\""
    }
}
