import Foundation
import Hummingbird
import TandemCore
import TandemStore

/// Importing leads from a CSV on the leads page: upload the file, check how its columns map
/// to lead fields (with sample values), start the import, watch its progress, then read the
/// rejected rows with their line and reason. The same importer as `tandem import leads` and
/// `POST /api/v1/imports/leads` does the work.
struct ImportPagesController {
    let importer: LeadImporter
    let jobs: ImportJobs
    let renderer: PageRenderer
    let clock: any WallClock

    /// The largest file the page takes; the command line and the API take bigger ones.
    static let maximumUploadBytes = 20 * 1024 * 1024
    static let sampleRows = 3
    /// Uploads wait here between the upload and the import.
    static let spool = FileManager.default.temporaryDirectory.appendingPathComponent("tandem-web-imports")

    func addRoutes(to router: RouterGroup<SignedInContext>) {
        router.get("/leads/import", use: uploadForm)
        router.post("/leads/import", use: upload)
        router.post("/leads/import/run", use: run)
        router.get("/leads/import/jobs/:job", use: showJob)
        router.get("/leads/import/jobs/:job/progress", use: progress)
    }

    @Sendable func uploadForm(_ request: Request, context: SignedInContext) async throws -> Response {
        _ = try context.require(.importData)
        return await renderer.render(
            Page(template: "import_upload", title: "Import leads", model: ImportUploadPage(error: nil), section: "leads"), context: context)
    }

    /// Takes the file, keeps it for the import, and shows how its columns would be read.
    @Sendable func upload(_ request: Request, context: SignedInContext) async throws -> Response {
        let user = try context.require(.importData)
        let body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: Self.maximumUploadBytes + 64 * 1024)
        } catch {
            return try await refuseUpload(
                "The file is larger than \(Self.maximumUploadBytes >> 20) MiB: import it with `tandem import leads`.", context: context)
        }
        guard let form = MultipartForm(contentType: request.headers[.contentType] ?? "", body: body), let file = form.part("file"),
            !file.bytes.isEmpty
        else {
            return try await refuseUpload("Choose a CSV file to upload.", context: context)
        }
        let (text, _) = TextDecoding.decode(file.bytes)
        var reader = CSVReader(text: text, separator: CSVReader.detectSeparator(text))
        guard let header = reader.next(), header.fields.contains(where: { !$0.trimmed.isEmpty }) else {
            return try await refuseUpload("The file has no header line: its first line must name the columns.", context: context)
        }
        var samples: [[String]] = []
        var rows = 0
        while let record = reader.next() {
            rows += 1
            if samples.count < Self.sampleRows { samples.append(record.fields) }
        }
        let token = APIKeyStore.newToken()
        try FileManager.default.createDirectory(at: Self.spool, withIntermediateDirectories: true)
        try Data(file.bytes).write(to: Self.spoolFile(token: token, user: user.id))
        let page = ImportMappingPage(
            token: token, fileName: Self.safeName(file.filename), rows: rows, header: header.fields, samples: samples,
            targets: LeadColumnMapping.targets(header: header.fields), error: nil)
        return await renderer.render(
            Page(template: "import_mapping", title: "Import leads", model: page, section: "leads"), context: context)
    }

    private func refuseUpload(_ message: String, context: SignedInContext) async throws -> Response {
        await renderer.render(
            Page(
                template: "import_upload", title: "Import leads", model: ImportUploadPage(error: message), status: .unprocessableContent,
                section: "leads"), context: context)
    }

    /// Starts the import with the mapping as chosen, and sends the person to its progress.
    @Sendable func run(_ request: Request, context: SignedInContext) async throws -> Response {
        let user = try context.require(.importData)
        let form = context.form ?? FormData("")
        let token = form.text("upload")
        guard CSRFMiddleware.isWellFormed(token), FileManager.default.fileExists(atPath: Self.spoolFile(token: token, user: user.id).path)
        else {
            throw WebError.notFound("This upload (it may have been imported already, or the server restarted)")
        }
        let path = Self.spoolFile(token: token, user: user.id).path
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        let (text, _) = TextDecoding.decode(bytes)
        var reader = CSVReader(text: text, separator: CSVReader.detectSeparator(text))
        let header = reader.next()?.fields ?? []
        var rows = 0
        var samples: [[String]] = []
        while let record = reader.next() {
            rows += 1
            if samples.count < Self.sampleRows { samples.append(record.fields) }
        }
        var overrides: [String: String] = [:]
        for (index, column) in header.enumerated() {
            guard let choice = form["map_\(index)"] else { continue }
            overrides[column] = ImportMappingPage.override(choice, column: column)
        }
        do {
            _ = try LeadColumnMapping(header: header, overrides: overrides)
        } catch let error as ValidationError {
            let page = ImportMappingPage(
                token: token, fileName: Self.safeName(form["file_name"]), rows: rows, header: header, samples: samples,
                targets: LeadColumnMapping.targets(header: header, overrides: overrides),
                error: error.code == "missing_column" ? "Choose the column that holds the email: every lead needs one." : error.message)
            return await renderer.render(
                Page(template: "import_mapping", title: "Import leads", model: page, status: .unprocessableContent, section: "leads"),
                context: context)
        }
        let id = APIKeyStore.newToken()
        let fileName = Self.safeName(form["file_name"])
        jobs.start(ImportJobs.Job(id: id, owner: user.id, fileName: fileName, totalRows: rows))
        let importer = importer
        let jobs = jobs
        let now = clock.now()
        Task {
            // The upload is removed once imported, or refused; a leftover is only disk space.
            defer { try? FileManager.default.removeItem(atPath: path) }
            do {
                let report = try await importer.importCSV(
                    file: path, overrides: overrides, sourceName: "web:\(fileName)", now: now,
                    progress: { rows in jobs.update(id) { $0.rowsRead = rows } })
                jobs.update(id) {
                    $0.report = report
                    $0.rowsRead = report.imported + report.skipped + report.rejectedCount
                }
            } catch let error as any DomainError {
                jobs.update(id) { $0.failure = error.message }
            } catch {
                jobs.update(id) { $0.failure = "the import failed and wrote nothing; the server log has the details" }
            }
        }
        return Response.redirect(to: "/leads/import/jobs/\(id)", type: .normal)
    }

    @Sendable func showJob(_ request: Request, context: SignedInContext) async throws -> Response {
        let job = try self.job(context)
        return await renderer.render(
            Page(template: "import_job", title: "Import of \(job.fileName)", model: ImportJobPage(job), section: "leads"), context: context)
    }

    /// The job's progress as JSON, for the page to poll.
    @Sendable func progress(_ request: Request, context: SignedInContext) async throws -> Response {
        var response = try Response.model(ImportJobPage.Progress(try job(context)))
        response.headers[.cacheControl] = "no-store"
        return response
    }

    private func job(_ context: SignedInContext) throws -> ImportJobs.Job {
        let user = try context.require(.importData)
        guard let id = context.parameters.get("job"), CSRFMiddleware.isWellFormed(id), let job = jobs.job(id, for: user.id) else {
            throw WebError.notFound("This import (imports are kept until the server restarts)")
        }
        return job
    }

    static func spoolFile(token: String, user: User.ID) -> URL {
        spool.appendingPathComponent("\(user.rawValue)-\(token).csv")
    }

    /// The uploaded file's name as shown and recorded: its last path part, printable, short.
    static func safeName(_ name: String?) -> String {
        let last = (name ?? "").split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        let clean = String(last.unicodeScalars.filter { $0.properties.generalCategory != .control }.map(Character.init)).trimmed
        return clean.isEmpty ? "upload.csv" : String(clean.prefix(120))
    }
}
