import Foundation
import Hummingbird

/// The stylesheet and the few lines of script, read once at start-up and cached by browsers
/// for a day (`Views` pages link them with the build's version so a new release refreshes them).
struct StaticController {
    let files: [String: (contentType: String, body: ByteBuffer)]

    init() throws {
        guard let directory = Bundle.module.url(forResource: "Static", withExtension: nil) else {
            throw WebError(status: .internalServerError, title: "Assets missing", message: "the Static resources are not installed")
        }
        var files: [String: (String, ByteBuffer)] = [:]
        for file in try FileManager.default.contentsOfDirectory(atPath: directory.path) {
            let type = [".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8", ".svg": "image/svg+xml"].first {
                file.hasSuffix($0.key)
            }?.value
            guard let type else { continue }
            let data = try Data(contentsOf: directory.appendingPathComponent(file))
            files[file] = (type, ByteBuffer(bytes: data))
        }
        self.files = files
    }

    func addRoutes(to router: some RouterMethods<AppRequestContext>) {
        router.get("/static/:file") { request, context -> Response in
            guard let name = context.parameters.get("file"), let file = files[name] else { throw HTTPError(.notFound) }
            var response = Response(status: .ok, headers: [.contentType: file.contentType], body: .init(byteBuffer: file.body))
            response.headers[.cacheControl] = "public, max-age=86400"
            return response
        }
    }
}
