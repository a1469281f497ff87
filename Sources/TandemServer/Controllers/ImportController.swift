import Foundation
import Hummingbird
import NIOCore
import TandemCore
import TandemStore

/// `POST /api/v1/imports/leads`: a CSV export in the body, `?map=Column=field` to override.
struct ImportController {
    let importer: LeadImporter
    let clock: any WallClock

    func addRoutes(to group: RouterGroup<APIRequestContext>) {
        group.post("/imports/leads", use: importLeads)
    }

    @Sendable func importLeads(_ request: Request, context: APIRequestContext) async throws -> Response {
        try context.require(.importData)
        let overrides = try LeadColumnMapping.overrides(try QueryReader(request).all("map"))
        let name = try QueryReader(request).string("name") ?? "api:\(context.key.name)"
        // Spooled to a temporary file as it arrives, then imported from there in chunks: memory
        // stays bounded whatever the upload's size.
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("tandem-import-\(UUID().uuidString).csv").path
        guard FileManager.default.createFile(atPath: path, contents: nil), let handle = FileHandle(forWritingAtPath: path) else {
            throw APIError(.internalServerError, code: "internal", message: "cannot spool the upload")
        }
        // A spool file left behind is only disk space in the temporary directory; failing to
        // remove it must not turn a finished import into an error.
        defer { try? FileManager.default.removeItem(atPath: path) }
        do {
            // Writes are unbuffered: every byte was written (or threw) before the close.
            defer { try? handle.close() }
            var size = 0
            for try await buffer in request.body {
                size += buffer.readableBytes
                guard size <= context.maxUploadSize else {
                    throw APIError(
                        .contentTooLarge, code: "too_large", message: "the file is larger than \(context.maxUploadSize >> 20) MiB")
                }
                try handle.write(contentsOf: Data(buffer.readableBytesView))
            }
        }
        let report = try await importer.importCSV(file: path, overrides: overrides, sourceName: name, now: clock.now())
        let status: HTTPResponse.Status = report.imported == 0 && report.rejectedCount > 0 ? .unprocessableContent : .ok
        return .json(Self.json(report), status: status)
    }

    static func json(_ report: LeadImportReport) -> JSONValue {
        [
            "created": .number(Double(report.created)), "updated": .number(Double(report.updated)),
            "skipped": .number(Double(report.skipped)), "encoding": .string(report.encoding.rawValue),
            "rejected_count": .number(Double(report.rejectedCount)),
            "rejected": .array(
                report.rejected.map { row in
                    [
                        "line": .number(Double(row.line)), "code": .string(row.error.code), "field": .optional(row.error.field),
                        "message": .string(row.error.message),
                    ]
                }),
        ]
    }
}
