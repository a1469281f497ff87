import TandemCore
import TandemStore

/// What a CSV import did, with the first rejected rows.
struct ImportReportDTO: APIModel {
    struct RejectedRow: Codable, Sendable {
        let line: Int
        let code: String
        let field: String?
        let message: String
    }

    let created, updated, skipped: Int
    let encoding: TextDecoding.Encoding
    let rejectedCount: Int
    let rejected: [RejectedRow]

    static var schemaName: String { "ImportReport" }
    static var fieldSchemas: [String: JSONValue] {
        ["rejected_count": ["description": "every rejected row; 'rejected' lists the first 100"]]
    }

    init(_ report: LeadImportReport) {
        created = report.created
        updated = report.updated
        skipped = report.skipped
        encoding = report.encoding
        rejectedCount = report.rejectedCount
        rejected = report.rejected.map {
            RejectedRow(line: $0.line, code: $0.error.code, field: $0.error.field, message: $0.error.message)
        }
    }
}
