import TandemCore
import TandemStore

/// The upload form, with why the last upload was refused.
struct ImportUploadPage: TemplateModel {
    static let fields: TemplateFields<Self> = ["error": \.error, "max_mib": \.maxMiB]

    let error: String?
    var maxMiB: Int { ImportPagesController.maximumUploadBytes >> 20 }
}

/// How each column of the uploaded file would be read, with sample values, each changeable
/// before the import starts.
struct ImportMappingPage: TemplateModel {
    static let fields: TemplateFields<Self> = [
        "token": \.token, "file_name": \.fileName, "rows": \.rowsText, "columns": \.columns, "error": \.error,
    ]

    struct Column: TemplateModel {
        static let fields: TemplateFields<Self> = ["index": \.index, "name": \.name, "samples": \.samples, "options": \.options]

        let index: Int
        let name, samples: String
        let options: [FilterOption]
    }

    let token, fileName: String
    let rows: Int
    var rowsText: String { Display.count(rows) }
    let columns: [Column]
    let error: String?

    init(token: String, fileName: String, rows: Int, header: [String], samples: [[String]], targets: [ColumnTarget], error: String?) {
        (self.token, self.fileName, self.rows, self.error) = (token, fileName, rows, error)
        columns = header.enumerated().map { index, name in
            let target = targets.indices.contains(index) ? targets[index] : .ignored
            let chosen: String
            switch target {
            case .field(let field): chosen = field.rawValue
            case .fullName: chosen = "name"
            case .attribute: chosen = "attr"
            case .ignored: chosen = "-"
            }
            let attribute = LeadColumnMapping.attributeName(name)
            let choices =
                [("-", "Leave out"), ("name", "Full name (split into first and last)")]
                + LeadField.allCases.map { ($0.rawValue, "Lead field: \($0.rawValue.replacingOccurrences(of: "_", with: " "))") }
                + [("attr", "Attribute “\(attribute)”")]
            return Column(
                index: index, name: name.isEmpty ? "(no name)" : name,
                samples: samples.compactMap { $0.indices.contains(index) ? $0[index] : nil }.filter { !$0.isEmpty }.map {
                    String($0.prefix(60))
                }
                .joined(separator: " · "),
                options: choices.map { FilterOption(value: $0.0, label: $0.1, selected: $0.0 == chosen) })
        }
    }

    /// What a column's choice means to the importer (`LeadColumnMapping`'s overrides).
    static func override(_ choice: String, column: String) -> String {
        choice == "attr" ? LeadColumnMapping.attributeName(column) : choice
    }
}

/// An import's progress, then its report: counts, and the rejected rows by line with reason.
struct ImportJobPage: TemplateModel {
    static let fields: TemplateFields<Self> = [
        "id": \.id, "file_name": \.fileName, "finished": \.finished, "failure": \.failure, "percent": \.percent,
        "rows_read": \.rowsRead, "total_rows": \.totalRows, "created": \.created, "updated": \.updated, "skipped": \.skipped,
        "rejected_count": \.rejectedCount, "rejected": \.rejected, "has_rejected": \.hasRejected, "more_rejected": \.moreRejected,
    ]

    struct Rejected: TemplateModel {
        static let fields: TemplateFields<Self> = ["line": \.line, "field": \.field, "reason": \.reason]

        let line: Int
        let field, reason: String
    }

    /// Polled by the page while the import runs.
    struct Progress: Encodable {
        let finished: Bool
        let rowsRead, totalRows, percent: Int

        init(_ job: ImportJobs.Job) {
            finished = job.finished
            rowsRead = job.rowsRead
            totalRows = job.totalRows
            percent = ImportJobPage.percent(job)
        }
    }

    let id, fileName: String
    let finished: Bool
    let failure: String?
    let percent: Int
    let rowsRead, totalRows, created, updated, skipped, rejectedCount: String
    let rejected: [Rejected]
    var hasRejected: Bool { !rejected.isEmpty }
    /// "12 more", nil when every rejected row is listed.
    let moreRejected: String?

    init(_ job: ImportJobs.Job) {
        id = job.id
        fileName = job.fileName
        finished = job.finished
        failure = job.failure
        percent = Self.percent(job)
        rowsRead = Display.count(job.rowsRead)
        totalRows = Display.count(job.totalRows)
        let report = job.report ?? LeadImportReport()
        created = Display.count(report.created)
        updated = Display.count(report.updated)
        skipped = Display.count(report.skipped)
        rejectedCount = Display.count(report.rejectedCount)
        rejected = report.rejected.map { Rejected(line: $0.line, field: $0.error.field ?? "", reason: $0.error.message) }
        let unlisted = report.rejectedCount - report.rejected.count
        moreRejected = unlisted > 0 ? Display.count(unlisted) : nil
    }

    static func percent(_ job: ImportJobs.Job) -> Int {
        if job.finished { return 100 }
        guard job.totalRows > 0 else { return 0 }
        return min(99, job.rowsRead * 100 / job.totalRows)
    }
}
