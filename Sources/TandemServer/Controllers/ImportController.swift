import Foundation
import Hummingbird
import NIOCore
import TandemCore
import TandemStore

/// `POST /api/v1/imports/leads`: a CSV export in the body, `?map=Column=field` to override.
struct ImportController {
    let importer: LeadImporter
    let clock: any WallClock

    func addRoutes(to routes: APIRoutes) {
        routes.add(
            APIOperation(
                .post, "/imports/leads", "Import a CSV of leads (HubSpot, Salesforce or plain); upsert by email", tag: "imports",
                requires: .importData,
                query: [
                    APIParameter(name: "map", description: "COLUMN=field, repeatable"),
                    APIParameter(name: "name", description: "a name for the import"),
                ],
                body: .text(mediaType: "text/csv", schema: ["type": "string", "description": "CSV text"]),
                response: .json(ImportReportDTO.self)), use: importLeads)
    }

    @Sendable func importLeads(_ request: Request, context: APIRequestContext) async throws -> Response {
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
        return try .model(ImportReportDTO(report), status: status)
    }
}
