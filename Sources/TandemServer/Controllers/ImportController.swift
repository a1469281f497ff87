import Hummingbird
import NIOCore
import TandemCore
import TandemStore

/// `POST /api/v1/imports/leads`: a CSV export in the body, `?map=Column=field` to override.
struct ImportController {
    let importer: LeadImporter

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.post("/imports/leads", use: importLeads)
    }

    @Sendable func importLeads(_ request: Request, context: AppRequestContext) async throws -> Response {
        try context.require(.importData)
        let overrides = try LeadColumnMapping.overrides(try QueryReader(request).all("map"))
        var body = try await request.body.collect(upTo: context.maxUploadSize)
        let bytes = body.readBytes(length: body.readableBytes) ?? []
        let name = try QueryReader(request).string("name") ?? "api:\(context.apiKey?.name ?? "unknown")"
        let report = try await importer.importCSV(bytes, overrides: overrides, sourceName: name)
        let status: HTTPResponse.Status = report.imported == 0 && !report.rejected.isEmpty ? .unprocessableContent : .ok
        return .json(Self.json(report), status: status)
    }

    static func json(_ report: LeadImportReport) -> JSONValue {
        [
            "created": .number(Double(report.created)), "updated": .number(Double(report.updated)),
            "skipped": .number(Double(report.skipped)), "encoding": .string(report.encoding.rawValue),
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
